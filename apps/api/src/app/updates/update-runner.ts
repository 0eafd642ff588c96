import { Injectable, Logger } from '@nestjs/common';
import {
  FleetProviderState,
  symphonyTargetName,
} from '@fleet/shared/contracts';
import type { UpdateHistoryEntry, UpdateState } from '@fleet/shared/contracts';
import { Subject } from 'rxjs';
import { CarRegistry } from '../cars/car-registry';
import { Clock } from '../common/clock';
import type { ReconcileOutcome } from '../symphony/reconcile/outcome';
import { Reconciler } from '../symphony/reconcile/reconciler';
import { toHistoryEntry } from './history-view';
import { UpdateHistoryEntity } from './update-history.entity';
import { UpdateHistoryRepository } from './update-history.repository';
import { isRolloutActor } from './rollout-actor';

export const HISTORY_PROPERTY = 'fleet.ota/history';
export const RESUMES_WHEN_PARKED =
  'the update applies again once the car is parked';
export const SENT_AGAIN =
  'nothing reached the car; it is sent again shortly, once the car is online and parked';

/** An update whose request never left the API: still pending, owed to the car (UpdateResumer). */
export interface UpdateUnsent {
  carId: string;
  instance: string;
  entryId: string;
  /** When the update was requested (ISO 8601). */
  requestedAt: string;
}

/** One deployment that ended, after its history entry was saved and the car's `updateState` set. */
export interface UpdateFinished {
  carId: string;
  instance: string;
  entryId: string;
  /** Who asked (`rollout:<id>` for rollouts). */
  actor: string;
  outcome: ReconcileOutcome;
  /** The finished history entry, as `GET /api/cars/:id/updates` shows it. */
  entry: UpdateHistoryEntry;
}

/**
 * Runs one accepted update through the reconciler and writes what happens into its history entry
 * (phase, plan, the car's COA codes and messages) and into the car's `updateState`.
 */
@Injectable()
export class UpdateRunner {
  private readonly logger = new Logger(UpdateRunner.name);
  readonly finished$ = new Subject<UpdateFinished>();
  readonly unsent$ = new Subject<UpdateUnsent>();
  /** Per car, its update waiting to be sent again (at most one: a newer update replaces it). */
  private readonly unsent = new Map<string, UpdateHistoryEntity>();

  constructor(
    private readonly reconciler: Reconciler,
    private readonly history: UpdateHistoryRepository,
    private readonly registry: CarRegistry,
    private readonly clock: Clock,
  ) {}

  /** Starts the deployment; the reconciler claims the instance before this returns. */
  start(entry: UpdateHistoryEntity): Promise<void> {
    const waiting = this.unsent.get(entry.carId);
    this.unsent.delete(entry.carId);
    if (waiting && waiting.id !== entry.id) this.replace(waiting, entry);
    this.registry.setUpdateState(entry.carId, 'updating');
    const write = coalescedWriter(() =>
      this.history
        .save({ ...entry, details: { ...entry.details } })
        .catch((error: Error) =>
          this.logger.error(
            `car=${entry.carId} history not saved: ${error.message}`,
          ),
        ),
    );
    const running = this.reconciler.reconcile({
      instance: entry.instance,
      target: symphonyTargetName(entry.carId),
      jobId: entry.jobId,
      statusProperties: { [HISTORY_PROPERTY]: entry.id },
      onProgress: ({ phase, plan }) => {
        entry.phase = phase;
        if (plan.length > 0) entry.details.plan = plan;
        void write();
      },
    });
    return running.then(
      async (outcome) => {
        if (outcome.unconfirmed) {
          // No answer in time: pending until the car's late answer or a GET settles it (TimeoutConfirmer).
          entry.coaState = outcome.coaState;
          entry.details.messages.push(...outcome.messages);
          await write();
          return;
        }
        if (
          outcome.coaState === FleetProviderState.NotSent &&
          !isRolloutActor(entry.actor)
        ) {
          // Not a failed car: it never got the request. A rollout decides itself; anyone else's update waits.
          entry.phase = 'queued';
          entry.coaState = outcome.coaState;
          const note = `${outcome.messages[0] ?? 'not sent'}; ${SENT_AGAIN}`;
          if (entry.details.messages.at(-1) !== note)
            entry.details.messages.push(note);
          await write();
          this.unsent.set(entry.carId, entry);
          this.unsent$.next({
            carId: entry.carId,
            instance: entry.instance,
            entryId: entry.id,
            requestedAt: entry.requestedAt,
          });
          return;
        }
        this.apply(entry, outcome);
        await write();
        this.announce(entry, outcome);
      },
      (error: Error) => {
        this.logger.warn(
          `car=${entry.carId} deployment not started: ${error.message}`,
        );
      },
    );
  }

  /**
   * The update waiting to be sent again to `carId` (`entryId`) is given up: it ends failed, with `reason`, and
   * is never sent. False when that update is not waiting any more (sent, replaced, or this process restarted).
   */
  async giveUpUnsent(
    carId: string,
    entryId: string,
    reason: string,
  ): Promise<boolean> {
    const entry = this.unsent.get(carId);
    if (entry?.id !== entryId) return false;
    return this.giveUp(entry, reason);
  }

  /**
   * A pending entry nobody will finish any more (its car never answered within the give-up window) ends failed,
   * with `reason`. False when it has ended meanwhile.
   */
  async giveUp(entry: UpdateHistoryEntity, reason: string): Promise<boolean> {
    if (entry.result !== 'pending') return false;
    if (this.unsent.get(entry.carId)?.id === entry.id)
      this.unsent.delete(entry.carId);
    const outcome: ReconcileOutcome = {
      result: 'failed',
      coaState: entry.coaState,
      messages: [reason],
      components: {},
      plan: [],
      skipped: false,
      summary: null,
    };
    this.apply(entry, outcome);
    await this.history.save({ ...entry, details: { ...entry.details } });
    this.announce(entry, outcome);
    return true;
  }

  /** The entry has ended and is saved: the car's state, then everyone who follows finished updates. */
  announce(entry: UpdateHistoryEntity, outcome: ReconcileOutcome): void {
    this.registry.setUpdateState(
      entry.carId,
      updateStateFor(entry.kind, outcome),
    );
    this.finished$.next({
      carId: entry.carId,
      instance: entry.instance,
      entryId: entry.id,
      actor: entry.actor,
      outcome,
      entry: toHistoryEntry(entry),
    });
  }

  /** A newer update replaced one that never reached the car: that one ends, still not sent. */
  private replace(old: UpdateHistoryEntity, next: UpdateHistoryEntity): void {
    old.result = 'failed';
    old.phase = 'finished';
    old.finishedAt = this.clock.nowIso();
    old.details.messages.push(
      `replaced by the ${next.kind} to ${next.toVersion} before it reached the car`,
    );
    this.history
      .save({ ...old, details: { ...old.details } })
      .catch((error: Error) =>
        this.logger.error(
          `car=${old.carId} history not saved: ${error.message}`,
        ),
      );
  }

  private apply(entry: UpdateHistoryEntity, outcome: ReconcileOutcome): void {
    const waits =
      outcome.result === 'interrupted' || outcome.result === 'refused';
    entry.result = outcome.result;
    entry.phase = 'finished';
    entry.finishedAt = this.clock.nowIso();
    entry.coaState = outcome.coaState;
    entry.details = {
      components: outcome.components,
      plan: outcome.plan.length > 0 ? outcome.plan : entry.details.plan,
      messages: [
        ...entry.details.messages,
        ...outcome.messages,
        ...(waits ? [RESUMES_WHEN_PARKED] : []),
      ],
    };
    this.logger.log(
      `car=${entry.carId} ${entry.kind} to ${entry.toVersion}: ${outcome.result} (${outcome.messages[0] ?? ''})`,
    );
  }
}

/**
 * Serial writes of one changing record where only the newest state matters: one write at a time; a write asked
 * for while another runs waits behind it, and every request made meanwhile shares that one queued write (it
 * snapshots the record when it starts, so it carries the newest state). The returned promise resolves once a
 * write that started after the call has finished. `write` must not reject.
 */
export function coalescedWriter(
  write: () => Promise<void>,
): () => Promise<void> {
  let running: Promise<void> | null = null;
  let queued: Promise<void> | null = null;
  const startNow = (): Promise<void> => {
    const current = write().finally(() => {
      if (running === current) running = null;
    });
    running = current;
    return current;
  };
  return () => {
    if (queued) return queued;
    if (!running) return startNow();
    const next = running.then(() => {
      queued = null;
      return startNow();
    });
    queued = next;
    return next;
  };
}

/** Green or red on the console: an interrupted or refused update leaves the car on its previous software. */
export function updateStateFor(
  kind: UpdateHistoryEntity['kind'],
  outcome: ReconcileOutcome,
): UpdateState {
  switch (outcome.result) {
    case 'succeeded':
      return kind === 'rollback' ? 'rolled-back' : 'succeeded';
    case 'failed':
      return 'failed';
    default:
      return 'idle';
  }
}
