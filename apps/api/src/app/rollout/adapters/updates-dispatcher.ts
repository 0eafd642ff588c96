import {
  HttpException,
  HttpStatus,
  Injectable,
  Logger,
  OnModuleDestroy,
} from '@nestjs/common';
import type { UpdateHistoryEntry, UpdateKind } from '@fleet/shared/contracts';
import { Subject, Subscription } from 'rxjs';
import { CarRegistry } from '../../cars/car-registry';
import { Clock } from '../../common/clock';
import { Reconciler } from '../../symphony/reconcile/reconciler';
import { UpdatesService } from '../../updates/updates.service';
import type {
  CarInquiry,
  CarOutcome,
  DispatchContext,
  DispatchResult,
  RolloutDispatcher,
} from '../engine/ports';
import type { CarOperation } from '../engine/records';
import { findSendEntry, inquiryOf, sendMarker } from './history-outcome';
import { entityOf, OrphanWatch } from './orphaned-sends';

interface Watch {
  operation: CarOperation;
  version: string;
  ctx: DispatchContext & { since: string };
}

/** Bounds the cars watched for an outcome; the engine's periodic inquiry covers any dropped. */
const MAX_WATCHED = 10_000;

/**
 * Sends rollout updates and rollbacks through the updates module (`UpdatesService.request`, the same path as
 * `POST /api/cars/:id/update`) and reports how they end on `outcomes$`, read from each car's update history when
 * its `updateState` leaves `updating`.
 */
@Injectable()
export class UpdatesDispatcher implements RolloutDispatcher, OnModuleDestroy {
  private readonly logger = new Logger(UpdatesDispatcher.name);
  readonly outcomes$ = new Subject<CarOutcome>();
  private readonly watched = new Map<string, Watch>();
  private readonly subscription: Subscription;
  private readonly orphans = new OrphanWatch();

  constructor(
    private readonly updates: UpdatesService,
    private readonly registry: CarRegistry,
    private readonly clock: Clock,
    private readonly reconciler: Reconciler,
  ) {
    this.subscription = this.registry.changes$.subscribe((change) => {
      if (change.kind !== 'changed' || change.car.updateState === 'updating')
        return;
      if (this.watched.has(change.car.id)) void this.report(change.car.id);
    });
  }

  onModuleDestroy(): void {
    this.subscription.unsubscribe();
    this.outcomes$.complete();
  }

  dispatch(
    carId: string,
    version: string,
    ctx: DispatchContext,
  ): Promise<DispatchResult> {
    return this.send(carId, 'update', version, ctx);
  }

  rollback(
    carId: string,
    toVersion: string | null,
    ctx: DispatchContext,
  ): Promise<DispatchResult> {
    if (!toVersion)
      return Promise.resolve({
        accepted: false,
        reason: 'the version before the rollout is unknown',
        retryable: false,
      });
    return this.send(carId, 'rollback', toVersion, ctx);
  }

  async inquire(
    carId: string,
    operation: CarOperation,
    version: string,
    ctx: DispatchContext & { since: string },
  ): Promise<CarInquiry> {
    const history = await this.updates
      .historyPage(carId, 1, 20)
      .catch((error: unknown) => {
        if (
          error instanceof HttpException &&
          error.getStatus() === HttpStatus.NOT_FOUND
        )
          return null;
        throw error;
      });
    if (!history)
      return {
        state: 'finished',
        outcome: {
          carId,
          operation,
          version,
          result: 'unreachable',
          message: 'the car no longer exists',
        },
      };
    const entry = findSendEntry(history.items, operation, version, ctx);
    const inquiry = inquiryOf(entry);
    if (entry && inquiry.state === 'in-flight') {
      this.watch(carId, { operation, version, ctx });
      this.resendIfOrphaned(carId, entry);
    }
    return inquiry;
  }

  /** The same entry and job again (idempotent on the car), once the car can take it. */
  private resendIfOrphaned(carId: string, entry: UpdateHistoryEntry): void {
    const car = this.registry.get(carId);
    const ready = car?.connection === 'online' && car.vehicleState === 'parked';
    if (
      !this.orphans.orphaned(
        entry.id,
        this.reconciler.isRunning(entry.instance),
        this.clock.now().getTime(),
      ) ||
      !ready
    )
      return;
    if (this.updates.resend(entityOf(entry)))
      this.logger.log(
        `car=${carId} the API stopped before deployment ${entry.jobId} started; sending it again`,
      );
  }

  private async send(
    carId: string,
    kind: UpdateKind,
    version: string,
    ctx: DispatchContext,
  ): Promise<DispatchResult> {
    const watch: Watch = {
      operation: kind,
      version,
      ctx: { ...ctx, since: this.clock.nowIso() },
    };
    try {
      await this.updates.request({
        carId,
        version,
        kind,
        actor: ctx.actor,
        notes: [sendMarker(ctx)],
      });
      this.watch(carId, watch);
      return { accepted: true };
    } catch (error) {
      return this.refusal(carId, watch, error);
    }
  }

  private async refusal(
    carId: string,
    watch: Watch,
    error: unknown,
  ): Promise<DispatchResult> {
    if (!(error instanceof HttpException))
      return {
        accepted: false,
        reason: (error as Error).message,
        retryable: true,
      };
    const reason = messageOf(error);
    const status = error.getStatus();
    if (status === HttpStatus.UNPROCESSABLE_ENTITY)
      return { accepted: false, reason, retryable: false, skip: true };
    if (status === HttpStatus.NOT_FOUND)
      return { accepted: false, reason, retryable: false };
    if (
      status === HttpStatus.CONFLICT &&
      reason.includes('in flight') &&
      (await this.adopt(carId, watch))
    )
      return { accepted: true };
    return { accepted: false, reason, retryable: true };
  }

  /** The update store resumed the same update on its own (at a park): that one is the send's. */
  private async adopt(carId: string, watch: Watch): Promise<boolean> {
    const history = await this.updates.historyPage(carId, 1, 5);
    const latest = history.items[0];
    if (
      !latest ||
      latest.result !== 'pending' ||
      latest.kind !== watch.operation ||
      latest.toVersion !== watch.version
    )
      return false;
    this.watch(carId, {
      ...watch,
      ctx: { ...watch.ctx, since: latest.requestedAt },
    });
    return true;
  }

  private watch(carId: string, watch: Watch): void {
    if (this.watched.size >= MAX_WATCHED && !this.watched.has(carId)) return;
    this.watched.set(carId, watch);
  }

  private async report(carId: string): Promise<void> {
    const watch = this.watched.get(carId);
    if (!watch) return;
    try {
      const inquiry = await this.inquire(
        carId,
        watch.operation,
        watch.version,
        watch.ctx,
      );
      if (
        inquiry.state !== 'finished' ||
        this.watched.get(carId)?.ctx.key !== watch.ctx.key
      )
        return;
      this.watched.delete(carId);
      this.outcomes$.next(inquiry.outcome);
    } catch (error) {
      this.logger.warn(
        `car=${carId} outcome not read: ${(error as Error).message}`,
      );
    }
  }
}

function messageOf(error: HttpException): string {
  const body = error.getResponse();
  const message =
    typeof body === 'object' && body !== null
      ? (body as { message?: unknown }).message
      : body;
  return Array.isArray(message)
    ? message.join('; ')
    : String(message ?? error.message);
}
