import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleDestroy,
  Optional,
} from '@nestjs/common';
import { FleetProviderState } from '@fleet/shared/contracts';
import type {
  CarView,
  SymphonyInstance,
  UpdateKind,
} from '@fleet/shared/contracts';
import { parseReference } from '@fleet/shared/symphony/util';
import { Subscription } from 'rxjs';
import { CarRegistry } from '../cars/car-registry';
import { LeaseService } from '../cluster/lease.service';
import { ReplicaPresence } from '../cluster/replica-presence';
import { REPLICA_ID } from '../cluster/replica-id';
import { Clock } from '../common/clock';
import { InstancesService } from '../symphony/instances.service';
import { reconcilePhaseOf } from '../symphony/reconcile/reconcile-status';
import { SYSTEM_ACTOR } from './actor.decorator';
import { EntryOwnership } from './entry-ownership';
import { Owed, OwedUpdates } from './owed-updates';
import {
  parkGivenUpStatus,
  RESUME_WINDOW_MS,
  sentGivenUp,
  unsentGivenUp,
} from './owed-give-up';
import { isRolloutActor } from './rollout-actor';
import type { UpdateHistoryEntity } from './update-history.entity';
import { UpdateHistoryRepository } from './update-history.repository';
import { UpdateRunner } from './update-runner';
import { UpdatesService } from './updates.service';

export { MAX_RECOVERED } from './owed-updates';
export { ROLLOUT_ACTOR_PREFIX, isRolloutActor } from './rollout-actor';
export { GAVE_UP_SENT, GAVE_UP_UNSENT, RESUME_WINDOW_MS } from './owed-give-up';
/** How long a `NotSent` update, or an unfinished one whose car another deployment holds, waits to be sent again. */
export const UNSENT_RETRY_MS = 10_000;

/**
 * Finishes what a car is owed, once it is online and parked: a deployment sent before the API stopped, or
 * recorded but never started (the same entry and job again, idempotent on the car), or one interrupted by
 * driving (a new entry; never for a rollout's entries, which the rollout engine sends again by its own rules).
 * Several replicas: the leader does this at its takeover and whenever another replica dies (`ReplicaPresence`),
 * for the entries of replicas that are gone; a live replica's entries are its own. An entry is taken over by
 * a conditional write (pending and still the dead replica's), so it is sent again once, by one replica.
 */
@Injectable()
export class UpdateResumer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(UpdateResumer.name);
  private readonly owed: OwedUpdates;
  private readonly ownership: EntryOwnership;
  /** The database's unfinished updates were read in this leadership term. */
  private recovered = false;
  private readonly subscriptions: Subscription[] = [];

  constructor(
    private readonly registry: CarRegistry,
    private readonly instances: InstancesService,
    private readonly history: UpdateHistoryRepository,
    private readonly updates: UpdatesService,
    private readonly runner: UpdateRunner,
    private readonly clock: Clock,
    /** Absent (unit tests): this process always leads. */
    @Optional() private readonly lease?: LeaseService,
    /** Absent (unit tests): no other replica. */
    @Optional() private readonly presence?: ReplicaPresence,
    @Optional() @Inject(REPLICA_ID) private readonly replicaId?: string,
  ) {
    this.owed = new OwedUpdates(history, instances, clock);
    this.ownership = new EntryOwnership(history, presence, replicaId);
  }

  async onApplicationBootstrap(): Promise<void> {
    this.subscriptions.push(
      this.runner.finished$.subscribe(
        ({ carId, instance, entryId, actor, outcome }) => {
          const waits =
            outcome.result === 'interrupted' || outcome.result === 'refused';
          if (waits && !isRolloutActor(actor))
            this.owed.owe(carId, instance, 'park', entryId);
          else this.owed.delete(carId);
        },
      ),
      this.runner.unsent$.subscribe(
        ({ carId, instance, entryId, requestedAt }) => {
          this.owed.owe(carId, instance, 'unsent', entryId, {
            since: Date.parse(requestedAt),
            waitMs: UNSENT_RETRY_MS,
          });
          this.checkAfter(carId, UNSENT_RETRY_MS);
        },
      ),
      this.registry.changes$.subscribe((change) => {
        if (change.kind === 'changed') this.check(change.car);
        else this.owed.delete(change.id);
      }),
    );
    this.presence?.onDead((replica) => this.adopt(replica));
    // What the database says is owed is the leader's to send (once), also after a takeover.
    if (!this.lease || this.lease.isLeader) await this.recover();
    this.subscriptions.push(
      this.lease?.leadership$.subscribe((leads) => {
        if (leads)
          this.recover().catch((error: Error) =>
            this.logger.warn(`owed updates not read: ${error.message}`),
          );
        else {
          // The new leader reads the same from the database; sending it here as well would send it twice.
          this.recovered = false;
          this.owed.clear();
        }
      }) ?? new Subscription(),
    );
  }

  /** Reads what is owed from the database once per leadership term, then sends what is due now. */
  private async recover(): Promise<void> {
    if (this.recovered) return;
    this.recovered = true;
    await this.owed.loadUnfinished();
    if (this.owed.size > 0)
      this.logger.log(
        `${this.owed.size} car(s) are owed a deployment; sent once online and parked`,
      );
    for (const car of this.registry.all()) this.check(car);
  }

  /**
   * A replica died (the leader only): what it was deploying, and what waited for a park there, is owed by
   * this one now; sent once the car is online and parked (at once if it is).
   */
  async adopt(replica: string): Promise<number> {
    if (this.lease && !this.lease.isLeader) return 0;
    const adopted = await this.owed.adopt(replica);
    if (adopted.size > 0)
      this.logger.log(
        `${adopted.size} car(s) are owed the deployment replica ${replica} left unfinished`,
      );
    for (const carId of adopted) {
      const car = this.registry.get(carId);
      if (car) this.check(car);
    }
    return adopted.size;
  }

  /** Checked again when the car next changes, or after `ms` if it does not. */
  private checkAfter(carId: string, ms: number): void {
    this.clock.setTimeout(() => {
      const car = this.registry.get(carId);
      if (car) this.check(car);
    }, ms);
  }

  onModuleDestroy(): void {
    for (const s of this.subscriptions) s.unsubscribe();
  }

  get pending(): number {
    return this.owed.size;
  }

  /** Cars owed an update by why: `sent` (unfinished when the API stopped), `park` (waits for a park), `unsent`. */
  pendingByReason(): Record<Owed['reason'], number> {
    return this.owed.byReason();
  }

  private check(car: CarView): void {
    const owed = this.owed.get(car.id);
    if (!owed || car.connection !== 'online' || car.vehicleState !== 'parked')
      return;
    const now = this.clock.now().getTime();
    if (now < owed.notBefore) return;
    this.owed.delete(car.id);
    if (now - owed.since > RESUME_WINDOW_MS) {
      this.giveUp(car.id, owed);
      return;
    }
    this.resume(car, owed).catch((error: Error) =>
      this.logger.warn(
        `car=${car.id} owed update not resumed: ${error.message}`,
      ),
    );
  }

  /**
   * Owed for longer than `RESUME_WINDOW_MS`: not sent any more. One that never left, or that the car never
   * answered, ends failed, saying so; an interrupted one has already ended, and its Instance says it was given up.
   */
  private giveUp(carId: string, owed: Owed): void {
    const since = new Date(owed.since).toISOString();
    this.logger.warn(`car=${carId} gave up the update owed since ${since}`);
    const { entryId, reason } = owed;
    let ended: Promise<unknown> | null = null;
    if (reason === 'park') {
      // Its entry has ended; its Instance stops waiting, or every start would owe it again.
      const at = this.clock.nowIso();
      ended = this.instances.changeStatus(owed.instance, (status) =>
        parkGivenUpStatus(status, entryId, since, at),
      );
    } else if (entryId && reason === 'unsent')
      ended = this.runner.giveUpUnsent(carId, entryId, unsentGivenUp(since));
    else if (entryId) ended = this.giveUpSent(entryId);
    ended?.catch((error: Error) =>
      this.logger.error(`car=${carId} give-up not saved: ${error.message}`),
    );
  }

  /** The pending entry ends failed, unless it has ended or a live replica runs it. */
  private async giveUpSent(entryId: string): Promise<boolean> {
    const entry = await this.history.findById(entryId);
    if (!entry || entry.result !== 'pending') return false;
    if (
      (await this.ownership.ownedElsewhere(entry)) ||
      !(await this.ownership.takeOver(entry))
    )
      return false;
    // One that had not left when the API stopped says so, as it would have without the restart.
    const reason =
      entry.coaState === FleetProviderState.NotSent
        ? unsentGivenUp(entry.requestedAt)
        : sentGivenUp(entry.requestedAt);
    return this.runner.giveUp(entry, reason);
  }

  private async resume(car: CarView, owed: Owed): Promise<void> {
    const instance = await this.instances.find(owed.instance);
    if (!instance) return;
    const entry = owed.entryId
      ? await this.history.findById(owed.entryId)
      : null;
    if (await this.ownership.ownedElsewhere(entry)) {
      this.logger.log(
        `car=${car.id} the unfinished ${entry?.kind} is run by live replica ${entry?.ownerReplica}`,
      );
      return;
    }
    if (
      owed.reason !== 'park' &&
      entry?.result === 'pending' &&
      sameGeneration(instance, entry)
    ) {
      if (!(await this.ownership.takeOver(entry))) return;
      this.logger.log(
        `car=${car.id} sending the unfinished deployment ${entry.jobId} again`,
      );
      // Its car's deployment runs here or on another replica: tried again once the wait is over (and not
      // at all if that deployment wrote the Instance anew: the generation check above).
      if (!(await this.updates.resend(entry))) {
        this.owed.owe(car.id, owed.instance, owed.reason, owed.entryId, {
          since: owed.since,
          waitMs: UNSENT_RETRY_MS,
        });
        this.checkAfter(car.id, UNSENT_RETRY_MS);
      }
      return;
    }
    // An unsent update that was replaced or has ended meanwhile is owed no more.
    if (owed.reason === 'unsent') return;
    const phase = reconcilePhaseOf(instance.status);
    // Another update has run since; nothing is owed any more.
    if (phase !== 'in-progress' && phase !== 'waiting-for-park') return;
    if (isRolloutActor(entry?.actor)) {
      this.logger.log(
        `car=${car.id} parked again: the interrupted ${entry?.kind} belongs to ${entry?.actor}, which sends it again if it still should`,
      );
      return;
    }
    const version = parseReference(instance.spec.solution)?.version;
    if (!version) return;
    const kind: UpdateKind = entry?.kind ?? 'update';
    this.logger.log(
      `car=${car.id} parked again: resuming the ${kind} to ${version}`,
    );
    await this.updates.request({
      carId: car.id,
      version,
      kind,
      actor: entry?.actor ?? SYSTEM_ACTOR,
      notes: [
        `resumed: ${owed.reason === 'park' ? 'the car is parked again' : 'the API restarted before the car answered'}`,
      ],
    });
  }
}

/** The Instance still describes what the entry asked for: no other update was written to it since. */
function sameGeneration(
  instance: SymphonyInstance,
  entry: UpdateHistoryEntity,
): boolean {
  return (instance.metadata.objGeneraion ?? 1) === entry.instanceGeneration;
}
