import {
  BadRequestException,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleDestroy,
} from '@nestjs/common';
import {
  MAX_FAULT_RULES,
  SIMULATION_FAULTS_TOPIC,
} from '@fleet/shared/contracts';
import type { FaultRule, FaultRuleSet } from '@fleet/shared/contracts';
import { Clock, TimerHandle } from '../common/clock';
import { MqttPublisher } from '../mqtt/mqtt-publisher';
import { FaultRulesStore } from './fault-rules-store';
import { plainRule } from './fault-rules';

export const REPUBLISH_DELAY_MS = 5000;

/**
 * The simulation's fault-injection rules: kept in the database, and published retained on
 * `fleet/simulation/faults` as a FaultRuleSet, which every agent applies to the workloads it starts from
 * then on. Published again at every start, and retried until the broker takes it.
 */
@Injectable()
export class FaultRulesService
  implements OnApplicationBootstrap, OnModuleDestroy
{
  private readonly logger = new Logger(FaultRulesService.name);
  private current: FaultRuleSet;
  private retry: TimerHandle | null = null;

  constructor(
    private readonly store: FaultRulesStore,
    private readonly publisher: MqttPublisher,
    private readonly clock: Clock,
  ) {
    this.current = { rules: [], updatedAt: clock.nowIso() };
  }

  async onApplicationBootstrap(): Promise<void> {
    this.current = (await this.store.load()) ?? {
      rules: this.store.defaults(),
      updatedAt: this.clock.nowIso(),
    };
    this.logger.log(`${this.current.rules.length} fault rule(s) in force`);
    await this.publish();
  }

  onModuleDestroy(): void {
    if (this.retry) this.clock.clearTimeout(this.retry);
    this.retry = null;
  }

  get(): FaultRuleSet {
    return structuredClone(this.current);
  }

  /** Replaces every rule; stored first, then published (retried in the background if the broker is away). */
  async replace(rules: FaultRule[]): Promise<FaultRuleSet> {
    if (rules.length > MAX_FAULT_RULES)
      throw new BadRequestException(`at most ${MAX_FAULT_RULES} fault rules`);
    const set: FaultRuleSet = {
      rules: rules.map(plainRule),
      updatedAt: this.clock.nowIso(),
    };
    await this.store.save(set);
    this.current = set;
    this.logger.log(`fault rules replaced: ${set.rules.length} rule(s)`);
    await this.publish();
    return this.get();
  }

  private async publish(): Promise<void> {
    if (this.retry) this.clock.clearTimeout(this.retry);
    this.retry = null;
    try {
      await this.publisher.publish(SIMULATION_FAULTS_TOPIC, this.current, {
        retain: true,
      });
    } catch (error) {
      this.logger.warn(
        `fault rules not published (${(error as Error).message}); retrying in ${REPUBLISH_DELAY_MS / 1000} s`,
      );
      this.retry = this.clock.setTimeout(
        () => void this.publish(),
        REPUBLISH_DELAY_MS,
      );
    }
  }
}
