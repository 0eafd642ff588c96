import { Injectable, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import type { RolloutProgress, RolloutStatus, RolloutView } from '@fleet/shared/contracts';
import { Subject, auditTime, map, merge, switchMap, tap } from 'rxjs';
import { ListState } from '../api/list-state';
import { RealtimeClient } from '../realtime/realtime-client';
import { applyProgress, ProgressClock } from './rollout-progress';
import { RolloutsApi } from './rollouts-api';

/** A rollout the list does not hold yet (or one that left the filter) reloads the list at most this often. */
export const LIST_REFRESH_MS = 1_000;
/** Rollouts per page of the list. */
export const ROLLOUTS_PAGE_SIZE = 50;

/**
 * The rollouts list (newest first, optionally of one status), kept live from `rollout.progress`: known rollouts
 * take the event's counters at once; an unknown one (created elsewhere) reloads the list. One page at a time
 * (`total` counts every rollout of the filter). Provide per page.
 */
@Injectable()
export class RolloutsStore {
  private readonly api = inject(RolloutsApi);
  private readonly realtime = inject(RealtimeClient);
  private readonly list = new ListState<RolloutView>();
  private readonly statusState = signal<RolloutStatus | null>(null);
  private readonly pageState = signal(1);
  private readonly totalState = signal(0);
  private readonly loads = new Subject<void>();
  private readonly stale = new Subject<void>();
  private readonly clock = new ProgressClock();

  readonly rollouts = this.list.items;
  readonly loading = this.list.loading;
  readonly error = this.list.error;
  readonly status = this.statusState.asReadonly();
  /** 1-based. */
  readonly page = this.pageState.asReadonly();
  readonly total = this.totalState.asReadonly();
  readonly pageSize = ROLLOUTS_PAGE_SIZE;

  constructor() {
    merge(this.loads, this.stale.pipe(auditTime(LIST_REFRESH_MS)))
      .pipe(
        switchMap(() => {
          const mark = this.clock.mark();
          const query = { status: this.statusState() ?? undefined, page: this.pageState(), pageSize: ROLLOUTS_PAGE_SIZE };
          const page = this.api.list(query).pipe(
            tap(({ total }) => this.totalState.set(total)),
            map(({ items }) => items),
          );
          return this.list.load(page).pipe(tap((items) => this.list.set(items.map((v) => this.clock.freshen(v, mark)))));
        }),
        takeUntilDestroyed(),
      )
      .subscribe();
    this.realtime
      .on('rollout.progress')
      .pipe(takeUntilDestroyed())
      .subscribe((progress) => this.onProgress(progress));
    this.realtime.reconnected$.pipe(takeUntilDestroyed()).subscribe(() => this.load());
  }

  load(): void {
    this.loads.next();
  }

  /** A filter and page at once (from the address), one load. */
  restore(status: RolloutStatus | null, page: number): void {
    this.statusState.set(status);
    this.pageState.set(Math.max(1, page));
    this.load();
  }

  /** Only rollouts of `status` (the API's `?status=`); null for all. */
  setStatus(status: RolloutStatus | null): void {
    this.statusState.set(status);
    this.pageState.set(1);
    this.load();
  }

  /** 1-based. */
  setPage(page: number): void {
    this.pageState.set(Math.max(1, page));
    this.load();
  }

  /** A command's answer replaces the rollout in the list. */
  replace(view: RolloutView): void {
    this.list.update((items) => items.map((item) => (item.id === view.id ? view : item)));
  }

  private onProgress(progress: RolloutProgress): void {
    if (!this.clock.accept(progress)) return;
    const status = this.statusState();
    const fits = status === null || progress.status === status;
    const known = this.list.items().some((item) => item.id === progress.id);
    if (!known) {
      if (fits) this.stale.next();
      return;
    }
    this.list.update((items) => items.map((item) => applyProgress(item, progress)));
    if (!fits) this.stale.next();
  }
}
