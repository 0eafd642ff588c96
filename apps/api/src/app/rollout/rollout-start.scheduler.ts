import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { Clock } from '../common/clock';
import type { RolloutState } from './engine/records';

/** setTimeout holds at most ~24.8 days; longer waits re-arm. */
const MAX_DELAY_MS = 2_000_000_000;

/**
 * One @nestjs/schedule timeout per scheduled rollout (`rollout-start-<id>`), kept in step with the rollouts and
 * rebuilt from the database at boot (the rollouts themselves are the record; the timers only wake the engine).
 */
@Injectable()
export class RolloutStartScheduler implements OnModuleDestroy {
  private readonly logger = new Logger(RolloutStartScheduler.name);
  private onDue: () => void = () => undefined;

  constructor(
    private readonly registry: SchedulerRegistry,
    private readonly clock: Clock,
  ) {}

  /** What to run when a start is due (the engine's tick). */
  wakeWith(onDue: () => void): void {
    this.onDue = onDue;
  }

  sync(state: RolloutState): void {
    const { id, status, startAt } = state.rollout;
    const name = timeoutName(id);
    const armed = this.registry.doesExist('timeout', name);
    if (status !== 'scheduled' || !startAt) {
      if (armed) this.registry.deleteTimeout(name);
      return;
    }
    if (armed) return;
    const delay = Math.max(0, Date.parse(startAt) - this.clock.now().getTime());
    const timer = setTimeout(
      () => this.fire(state),
      Math.min(delay, MAX_DELAY_MS),
    );
    timer.unref();
    this.registry.addTimeout(name, timer);
    this.logger.log(`rollout=${id} starts at ${startAt}`);
  }

  onModuleDestroy(): void {
    for (const name of this.registry.getTimeouts())
      if (name.startsWith('rollout-start-')) this.registry.deleteTimeout(name);
  }

  private fire(state: RolloutState): void {
    this.registry.deleteTimeout(timeoutName(state.rollout.id));
    const { startAt } = state.rollout;
    // A wait longer than one timer can hold arms again; a due start is the engine's from here on.
    if (startAt && Date.parse(startAt) > this.clock.now().getTime())
      this.sync(state);
    else this.onDue();
  }
}

export function timeoutName(rolloutId: string): string {
  return `rollout-start-${rolloutId}`;
}
