import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleDestroy,
  OnModuleInit,
  Optional,
} from '@nestjs/common';
import { Subscription } from 'rxjs';
import { AgentSupervisor } from '../ankaios/agent-supervisor';
import { LeaseService } from '../cluster/lease.service';
import { readRetained } from '../cluster/retained-messages';
import { Clock } from '../common/clock';
import { AppConfigService } from '../config/app-config.service';
import { CarsRepository } from '../database/cars.repository';
import { BROKER_ENDPOINT, BrokerEndpoint } from '../mqtt/broker-endpoint';
import { isAgentStatusMessage } from '../mqtt/payload-guards';
import { carIdFromTopic, CarTopics } from '@fleet/shared/contracts';
import {
  META_DEMO_FLEET_SEEDED,
  MetaRepository,
} from '../database/meta.repository';
import { CAR_MODELS } from './car-identity';
import { CarRegistry } from './car-registry';
import { CarsService } from './cars.service';

/**
 * At boot: ties the supervisor to the registry, brings persisted cars back, seeds the demo fleet once.
 * Several replicas: only the lease holder runs the agents; a follower knows the cars (from the database and
 * their reports) without starting them, and starts them all when it becomes leader.
 */
@Injectable()
export class FleetStartup
  implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy
{
  private readonly logger = new Logger(FleetStartup.name);
  private subscription: Subscription | null = null;
  private leadership: Subscription | undefined;
  private leading = false;
  private booted = false;

  constructor(
    private readonly supervisor: AgentSupervisor,
    private readonly registry: CarRegistry,
    private readonly cars: CarsService,
    private readonly meta: MetaRepository,
    private readonly config: AppConfigService,
    private readonly clock: Clock,
    /** Absent (unit tests): this process always leads. */
    @Optional() private readonly lease?: LeaseService,
    @Optional() private readonly rows?: CarsRepository,
    @Optional()
    @Inject(BROKER_ENDPOINT)
    private readonly broker?: BrokerEndpoint,
  ) {}

  onModuleInit(): void {
    this.subscription = this.supervisor.events$.subscribe((event) =>
      this.registry.applyProcess(event),
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.lease && !this.lease.isLeader) {
      await this.knowCars();
      await this.replayStatuses();
    } else await this.lead();
    this.leadership = this.lease?.leadership$.subscribe((leads) => {
      if (leads)
        this.lead().catch((e: Error) =>
          this.logger.warn(`agents not started: ${e.message}`),
        );
      else this.follow();
    });
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
    this.leadership?.unsubscribe();
  }

  private async lead(): Promise<void> {
    if (this.leading) return;
    this.leading = true;
    const resumed = this.booted
      ? await this.knowCars(true)
      : await this.cars.resumeAll();
    this.booted = true;
    if (resumed > 0)
      this.logger.log(`resumed ${resumed} car(s) from the database`);
    await this.seedDemoFleet();
  }

  /** Leadership lost: the new leader runs the agents now; stopping ours keeps two agents from sharing a car. */
  private follow(): void {
    if (!this.leading) return;
    this.leading = false;
    this.supervisor
      .stopAll()
      .catch((e: Error) =>
        this.logger.warn(`agents not stopped: ${e.message}`),
      );
  }

  /**
   * A follower's MQTT transport subscribed before its registry knew the cars, so the retained statuses it got
   * were dropped; read them once more (the leader's agents announce themselves only when they connect).
   */
  private async replayStatuses(): Promise<void> {
    if (!this.broker || !this.lease) return;
    const retained = await readRetained(
      this.broker,
      CarTopics.status('+'),
      `fleet-api-replay-${this.lease.replicaId}`,
    );
    let online = 0;
    for (const { topic, payload } of retained) {
      const carId = carIdFromTopic(topic);
      if (!carId || !isAgentStatusMessage(payload) || payload.name !== carId)
        continue;
      if (this.registry.applyStatus(carId, payload) && payload.online) online++;
    }
    this.logger.log(
      `follower: ${online} car(s) online by their retained status`,
    );
  }

  /** Every persisted car into the registry (if new to it); with `start`, its agent too. */
  private async knowCars(start = false): Promise<number> {
    this.booted = true;
    const rows = (await this.rows?.findAll()) ?? [];
    for (const row of rows) {
      const car = {
        id: row.id,
        region: row.region,
        model: row.model,
        vehicleState: row.desiredVehicleState,
      };
      if (!this.registry.has(row.id))
        this.registry.add({
          ...car,
          version: row.lastKnownVersion,
          createdAt: row.createdAt,
        });
      if (start) this.supervisor.start(car);
    }
    return rows.length;
  }

  /** Only on the very first start, so that deleted demo cars stay deleted. */
  private async seedDemoFleet(): Promise<void> {
    if ((await this.meta.get(META_DEMO_FLEET_SEEDED)) !== null) return;
    const fleet = this.config.get('demoFleet');
    let created = 0;
    for (const { region, count } of fleet) {
      for (let i = 0; i < count; i++) {
        await this.cars.create({
          region,
          model: CAR_MODELS[created % CAR_MODELS.length],
          state: 'parked',
        });
        created++;
      }
    }
    await this.meta.set(META_DEMO_FLEET_SEEDED, this.clock.nowIso());
    if (created > 0)
      this.logger.log(
        `created the demo fleet: ${fleet.map((f) => `${f.count} in ${f.region}`).join(', ')}`,
      );
  }
}
