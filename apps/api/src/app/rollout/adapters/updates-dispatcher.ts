import {
  HttpException,
  HttpStatus,
  Injectable,
  OnModuleDestroy,
} from '@nestjs/common';
import type { UpdateKind } from '@fleet/shared/contracts';
import { Subject, Subscription } from 'rxjs';
import { Clock } from '../../common/clock';
import { UpdatesService } from '../../updates/updates.service';
import type { UpdateFinished } from '../../updates/updates.service';
import type {
  CarInquiry,
  CarOutcome,
  DispatchContext,
  DispatchResult,
  RolloutDispatcher,
} from '../engine/ports';
import type { CarOperation } from '../engine/records';
import { findSendEntry, inquiryOf, sendMarker } from './history-outcome';

interface Watch {
  operation: CarOperation;
  version: string;
  ctx: DispatchContext & { since: string };
  /** When the history last showed this send unfinished (or when it was made): ms since the epoch. */
  checkedAt: number;
}

/** Bounds the cars watched for an outcome; the engine's periodic inquiry covers any dropped. */
const MAX_WATCHED = 10_000;

/**
 * How long an inquiry about a watched send is answered from memory before the history is read again. A send's
 * finished entry ends its watch (`report`), so while the watch lasts the send has not finished as far as this process
 * saw; the engine asks about every car in flight every few seconds, and at fleet scale (8,000 cars installing at once,
 * measured) a history read for each of them held the database and the event loop for most of the rollout. The read
 * once a minute still finds what an event could not tell.
 */
export const WATCH_TRUSTED_MS = 60_000;

/**
 * Sends rollout updates and rollbacks through the updates module (`UpdatesService.request`, the same path as
 * `POST /api/cars/:id/update`) and reports how they end on `outcomes$`, from `UpdatesService.finished$`. The
 * engine's periodic `inquire` reads the history for anything missed; the updates module itself sends again
 * deployments a crash left unfinished.
 */
@Injectable()
export class UpdatesDispatcher implements RolloutDispatcher, OnModuleDestroy {
  readonly outcomes$ = new Subject<CarOutcome>();
  private readonly watched = new Map<string, Watch>();
  private readonly subscription: Subscription;

  constructor(
    private readonly updates: UpdatesService,
    private readonly clock: Clock,
  ) {
    this.subscription = this.updates.finished$.subscribe((finished) =>
      this.report(finished),
    );
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
    const now = this.clock.now().getTime();
    const watch = this.watched.get(carId);
    if (
      watch &&
      watch.operation === operation &&
      watch.version === version &&
      watch.ctx.key === ctx.key &&
      now - watch.checkedAt < WATCH_TRUSTED_MS
    )
      return { state: 'in-flight' };
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
    if (entry && inquiry.state === 'in-flight')
      this.watch(carId, { operation, version, ctx, checkedAt: now });
    return inquiry;
  }

  private async send(
    carId: string,
    kind: UpdateKind,
    version: string,
    ctx: DispatchContext,
  ): Promise<DispatchResult> {
    const now = this.clock.now();
    const watch: Watch = {
      operation: kind,
      version,
      ctx: { ...ctx, since: now.toISOString() },
      checkedAt: now.getTime(),
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

  /** The finished entry is the watched send's when it carries its marker (or matches it, for an adopted one). */
  private report({ carId, entry }: UpdateFinished): void {
    const watch = this.watched.get(carId);
    if (
      !watch ||
      !findSendEntry([entry], watch.operation, watch.version, watch.ctx)
    )
      return;
    const inquiry = inquiryOf(entry);
    if (inquiry.state !== 'finished') return;
    this.watched.delete(carId);
    this.outcomes$.next(inquiry.outcome);
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
