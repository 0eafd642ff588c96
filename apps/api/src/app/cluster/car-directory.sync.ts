import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleDestroy,
} from '@nestjs/common';
import { CarTopics, isAnkaiosName } from '@fleet/shared/contracts';
import { Subscription } from 'rxjs';
import { DataSource } from 'typeorm';
import { AgentSupervisor } from '../ankaios/agent-supervisor';
import { CarRegistry } from '../cars/car-registry';
import { Clock } from '../common/clock';
import type { TimerHandle } from '../common/clock';
import { AppConfigService } from '../config/app-config.service';
import { CarEntity } from '../database/car.entity';
import { BROKER_ENDPOINT, BrokerEndpoint } from '../mqtt/broker-endpoint';
import { isAgentStatusMessage } from '../mqtt/payload-guards';
import { ClusterBus } from './cluster-bus';
import { readRetained } from './retained-messages';
import { REPLICA_ID } from './replica-id';

export const CAR_ADDED_TOPIC = 'cars/added';
export const CAR_REMOVED_TOPIC = 'cars/removed';
/** How often every replica compares its registry with the database (announcements are not kept). */
export const DIRECTORY_RESYNC_MS = 30_000;
/** A car younger than this may still be on its way (its own create, its announcement): the resync leaves it. */
export const RESYNC_GRACE_MS = 30_000;

/**
 * Several replicas: every replica's car registry was read from the database at its start. A car created or
 * deleted on one replica is announced on the cluster channel, and the others add it (from the database) or
 * drop it (and its agent, if they run it), so that reads, rollouts and the leader see the same fleet. Agents
 * are the leader's alone: a car created on a follower is stored and announced, and the leader spawns it.
 * An announcement is not kept: one missed (a replica reconnecting to the broker) is made good by a comparison
 * with the database every DIRECTORY_RESYNC_MS, so a car is never left without its agent or shown after deletion.
 */
@Injectable()
export class CarDirectorySync
  implements OnApplicationBootstrap, OnModuleDestroy
{
  private readonly logger = new Logger(CarDirectorySync.name);
  private readonly known = new Set<string>();
  private readonly subscriptions = new Subscription();
  private resyncTimer: TimerHandle | null = null;

  constructor(
    private readonly bus: ClusterBus,
    private readonly registry: CarRegistry,
    private readonly supervisor: AgentSupervisor,
    private readonly dataSource: DataSource,
    private readonly config: AppConfigService,
    @Inject(BROKER_ENDPOINT) private readonly broker: BrokerEndpoint,
    @Inject(REPLICA_ID) private readonly replicaId: string,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.get('cluster')?.enabled) return;
    for (const car of this.registry.all()) this.known.add(car.id);
    this.resyncTimer = this.clock.setInterval(
      () =>
        void this.resync().catch((e: Error) =>
          this.logger.warn(`car directory not compared: ${e.message}`),
        ),
      DIRECTORY_RESYNC_MS,
    );
    this.subscriptions.add(
      this.registry.changes$.subscribe((change) => {
        if (change.kind === 'changed') {
          if (this.known.has(change.car.id)) return;
          this.known.add(change.car.id);
          this.announce(CAR_ADDED_TOPIC, change.car.id);
        } else if (this.known.delete(change.id))
          this.announce(CAR_REMOVED_TOPIC, change.id);
      }),
    );
    this.subscriptions.add(
      this.bus.on(CAR_ADDED_TOPIC).subscribe(({ body }) => {
        const id = body['id'];
        if (isAnkaiosName(id))
          this.added(id).catch((e: Error) =>
            this.logger.warn(
              `car=${id} from another replica not added: ${e.message}`,
            ),
          );
      }),
    );
    this.subscriptions.add(
      this.bus.on(CAR_REMOVED_TOPIC).subscribe(({ body }) => {
        const id = body['id'];
        if (isAnkaiosName(id))
          this.removed(id).catch((e: Error) =>
            this.logger.warn(
              `car=${id} removed elsewhere, not here: ${e.message}`,
            ),
          );
      }),
    );
  }

  onModuleDestroy(): void {
    this.subscriptions.unsubscribe();
    if (this.resyncTimer) this.clock.clearInterval(this.resyncTimer);
  }

  /** Adds the stored cars this replica missed (the leader spawns them) and drops the ones deleted elsewhere. */
  async resync(): Promise<void> {
    const rows = await this.dataSource
      .getRepository(CarEntity)
      .find({ select: { id: true, createdAt: true } });
    const settled = (createdAt: string) =>
      Date.parse(createdAt) <= this.clock.now().getTime() - RESYNC_GRACE_MS;
    const stored = new Set<string>();
    for (const row of rows) {
      stored.add(row.id);
      if (!this.registry.has(row.id) && settled(row.createdAt)) {
        this.logger.log(`car=${row.id} missed from another replica: added`);
        await this.added(row.id);
      }
    }
    for (const car of this.registry.all())
      if (!stored.has(car.id) && settled(car.createdAt)) {
        this.logger.log(`car=${car.id} deleted on another replica: dropped`);
        await this.removed(car.id);
      }
  }

  private announce(topic: string, id: string): void {
    this.bus
      .publish(topic, { id })
      .catch((e: Error) =>
        this.logger.warn(
          `car=${id} not announced to the other replicas: ${e.message}`,
        ),
      );
  }

  private async added(id: string): Promise<void> {
    const row = await this.dataSource
      .getRepository(CarEntity)
      .findOneBy({ id });
    if (!row) return;
    // Only the leader runs agents (a follower's `start` does nothing): a car created on a follower is spawned here.
    this.supervisor.start({
      id: row.id,
      region: row.region,
      model: row.model,
      vehicleState: row.desiredVehicleState,
    });
    if (this.registry.has(id)) return;
    // Known before it reaches the registry's stream: not announced back.
    this.known.add(id);
    this.registry.add({
      id: row.id,
      region: row.region,
      model: row.model,
      vehicleState: row.desiredVehicleState,
      version: row.lastKnownVersion,
      createdAt: row.createdAt,
    });
    // Its agent may have announced itself before the registry knew the car: the retained status tells.
    const [status] = await readRetained(
      this.broker,
      CarTopics.status(id),
      `fleet-api-car-${this.replicaId}`,
      300,
    );
    if (
      status &&
      isAgentStatusMessage(status.payload) &&
      status.payload.name === id
    )
      this.registry.applyStatus(id, status.payload);
  }

  private async removed(id: string): Promise<void> {
    this.known.delete(id);
    if (this.supervisor.isSupervised(id)) await this.supervisor.discard(id);
    this.registry.remove(id);
  }
}
