import { Injectable, Logger } from '@nestjs/common';
import { symphonyTargetName } from '@fleet/shared/contracts';
import type { UpdateHistoryEntry, UpdateState } from '@fleet/shared/contracts';
import { Subject } from 'rxjs';
import { CarRegistry } from '../cars/car-registry';
import { Clock } from '../common/clock';
import type { ReconcileOutcome } from '../symphony/reconcile/outcome';
import { Reconciler } from '../symphony/reconcile/reconciler';
import { toHistoryEntry } from './history-view';
import { UpdateHistoryEntity } from './update-history.entity';
import { UpdateHistoryRepository } from './update-history.repository';

export const HISTORY_PROPERTY = 'fleet.ota/history';
export const RESUMES_WHEN_PARKED =
  'the update applies again once the car is parked';

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

  constructor(
    private readonly reconciler: Reconciler,
    private readonly history: UpdateHistoryRepository,
    private readonly registry: CarRegistry,
    private readonly clock: Clock,
  ) {}

  /** Starts the deployment; the reconciler claims the instance before this returns. */
  start(entry: UpdateHistoryEntity): Promise<void> {
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
        this.apply(entry, outcome);
        await write();
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
      },
      (error: Error) => {
        this.logger.warn(
          `car=${entry.carId} deployment not started: ${error.message}`,
        );
      },
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
