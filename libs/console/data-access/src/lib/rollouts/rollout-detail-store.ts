import { HttpErrorResponse } from '@angular/common/http';
import { Injectable, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import type { RolloutCarView, RolloutProgress, RolloutView } from '@fleet/shared/contracts';
import { Subject, auditTime, catchError, filter, merge, of, switchMap, tap, type Observable } from 'rxjs';
import { apiErrorMessage } from '../api/api-error';
import { RealtimeClient } from '../realtime/realtime-client';
import { applyProgress, changesCounts, changesShape, ProgressClock } from './rollout-progress';
import { RolloutsApi, type RolloutCommand } from './rollouts-api';

/** A status change fetches the full view (times, reasons, approval) at most this often. */
export const VIEW_REFRESH_MS = 300;
/** Changed counters fetch the per-car table at most this often. */
export const CARS_REFRESH_MS = 1_000;
/** The per-car table shows at most this many cars (the API's largest page); `carsTotal` counts them all. */
export const ROLLOUT_CARS_LIMIT = 500;

/**
 * One rollout, live: `rollout.progress` events update its counters at once; a status change fetches the full
 * view again and changed counters the per-car table (both throttled). Commands answer with the new view.
 * Provide per page.
 */
@Injectable()
export class RolloutDetailStore {
  private readonly api = inject(RolloutsApi);
  private readonly realtime = inject(RealtimeClient);
  private readonly clock = new ProgressClock();
  private readonly viewLoads = new Subject<string>();
  private readonly viewStale = new Subject<string>();
  private readonly carsLoads = new Subject<string>();
  private readonly carsStale = new Subject<string>();
  private readonly viewState = signal<RolloutView | null>(null);
  private readonly carsState = signal<readonly RolloutCarView[]>([]);
  private readonly carsTotalState = signal(0);
  private readonly errorState = signal<string | null>(null);
  private readonly carsErrorState = signal<string | null>(null);
  private id: string | null = null;

  readonly view = this.viewState.asReadonly();
  readonly cars = this.carsState.asReadonly();
  /** Every car of the rollout, also those past the first `ROLLOUT_CARS_LIMIT`. */
  readonly carsTotal = this.carsTotalState.asReadonly();
  readonly error = this.errorState.asReadonly();
  readonly carsError = this.carsErrorState.asReadonly();

  constructor() {
    merge(this.viewLoads, this.viewStale.pipe(auditTime(VIEW_REFRESH_MS)))
      .pipe(switchMap((id) => this.fetchView(id)), takeUntilDestroyed())
      .subscribe();
    merge(this.carsLoads, this.carsStale.pipe(auditTime(CARS_REFRESH_MS)))
      .pipe(switchMap((id) => this.fetchCars(id)), takeUntilDestroyed())
      .subscribe();
    this.realtime
      .on('rollout.progress')
      .pipe(
        filter((progress) => progress.id === this.id),
        takeUntilDestroyed(),
      )
      .subscribe((progress) => this.onProgress(progress));
    this.realtime.reconnected$.pipe(takeUntilDestroyed()).subscribe(() => this.id && this.load(this.id));
  }

  load(id: string): void {
    if (id !== this.id) {
      this.viewState.set(null);
      this.carsState.set([]);
      this.carsTotalState.set(0);
    }
    this.id = id;
    this.viewLoads.next(id);
    this.carsLoads.next(id);
  }

  /** A draft now, or at `at`; errors (409, 403) go to the caller. */
  start(at?: string): Observable<RolloutView> {
    return this.answer(this.api.start(this.requireId(), at));
  }

  command(command: RolloutCommand): Observable<RolloutView> {
    return this.answer(this.api.command(this.requireId(), command));
  }

  private answer(request: Observable<RolloutView>): Observable<RolloutView> {
    return request.pipe(
      tap((view) => {
        this.viewState.set(view);
        this.carsStale.next(view.id);
      }),
    );
  }

  private onProgress(progress: RolloutProgress): void {
    if (!this.clock.accept(progress)) return;
    const view = this.viewState();
    if (!view) return;
    const shape = changesShape(view, progress);
    if (shape) this.viewStale.next(view.id);
    if (shape || changesCounts(view, progress)) this.carsStale.next(view.id);
    this.viewState.set(applyProgress(view, progress));
  }

  private fetchView(id: string): Observable<unknown> {
    const mark = this.clock.mark();
    return this.api.get(id).pipe(
      tap((view) => {
        this.viewState.set(this.clock.freshen(view, mark));
        this.errorState.set(null);
      }),
      catchError((error: unknown) => {
        const missing = error instanceof HttpErrorResponse && error.status === 404;
        this.errorState.set(missing ? `There is no rollout ${id}` : apiErrorMessage(error));
        return of(null);
      }),
    );
  }

  private fetchCars(id: string): Observable<unknown> {
    return this.api.cars(id, { pageSize: ROLLOUT_CARS_LIMIT }).pipe(
      tap(({ items, total }) => {
        this.carsState.set(items);
        this.carsTotalState.set(total);
        this.carsErrorState.set(null);
      }),
      catchError((error: unknown) => {
        this.carsErrorState.set(apiErrorMessage(error));
        return of(null);
      }),
    );
  }

  private requireId(): string {
    if (!this.id) throw new Error('No rollout loaded');
    return this.id;
  }
}
