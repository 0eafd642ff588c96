import { HttpErrorResponse } from '@angular/common/http';
import { Injectable, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import type { RolloutCarView, RolloutProgress, RolloutView } from '@fleet/shared/contracts';
import { Subject, auditTime, catchError, debounceTime, defer, filter, finalize, map, merge, of, switchMap, tap, type Observable } from 'rxjs';
import { apiErrorMessage } from '../api/api-error';
import { RealtimeClient } from '../realtime/realtime-client';
import { carsRequestOf, FIRST_CARS_PAGE, lastPageOf, sameFilter, type RolloutCarsFilter, type RolloutCarsPage } from './rollout-cars-query';
import { applyProgress, changesCounts, changesShape, ProgressClock } from './rollout-progress';
import { RolloutsApi, type RolloutCommand } from './rollouts-api';

// The per-car table's query travels with the store that runs it (the library's index lists this file).
export { ROLLOUT_CARS_PAGE_SIZE, type RolloutCarsFilter, type RolloutCarsPage } from './rollout-cars-query';

/** A status change fetches the full view (times, reasons, approval) at most this often. */
export const VIEW_REFRESH_MS = 300;
/** Changed counters fetch the shown page of the per-car table again at most this often. */
export const CARS_REFRESH_MS = 1_000;
/** Typing in the car-id filter asks the API once the text rests this long. */
export const CARS_SEARCH_DEBOUNCE_MS = 300;

interface CarsLoad {
  id: string;
  /** Asked for by the user (a filter or page change, a new rollout): shows `carsLoading`; refreshes do not. */
  shown: boolean;
}

/**
 * One rollout, live: `rollout.progress` events update its counters at once; a status change fetches the full
 * view again and changed counters the shown page of the per-car table (both throttled). The per-car table is
 * filtered and paged by the API (`carsQuery`). Commands answer with the new view. Provide per page.
 */
@Injectable()
export class RolloutDetailStore {
  private readonly api = inject(RolloutsApi);
  private readonly realtime = inject(RealtimeClient);
  private readonly clock = new ProgressClock();
  private readonly viewLoads = new Subject<string>();
  private readonly viewStale = new Subject<string>();
  private readonly carsLoads = new Subject<CarsLoad>();
  private readonly carsStale = new Subject<string>();
  private readonly carsSearch = new Subject<string>();
  private readonly viewState = signal<RolloutView | null>(null);
  private readonly carsState = signal<readonly RolloutCarView[]>([]);
  private readonly carsTotalState = signal(0);
  private readonly carsQueryState = signal<RolloutCarsPage>(FIRST_CARS_PAGE);
  private readonly carsLoadingState = signal(false);
  private readonly errorState = signal<string | null>(null);
  private readonly carsErrorState = signal<string | null>(null);
  private id: string | null = null;

  readonly view = this.viewState.asReadonly();
  /** The shown page of the rollout's cars. */
  readonly cars = this.carsState.asReadonly();
  /** Every car that matches the filter, on any page. */
  readonly carsTotal = this.carsTotalState.asReadonly();
  readonly carsQuery = this.carsQueryState.asReadonly();
  /** A page the user asked for is on its way. */
  readonly carsLoading = this.carsLoadingState.asReadonly();
  readonly error = this.errorState.asReadonly();
  readonly carsError = this.carsErrorState.asReadonly();

  constructor() {
    merge(this.viewLoads, this.viewStale.pipe(auditTime(VIEW_REFRESH_MS)))
      .pipe(switchMap((id) => this.fetchView(id)), takeUntilDestroyed())
      .subscribe();
    const refreshes = this.carsStale.pipe(
      auditTime(CARS_REFRESH_MS),
      map((id): CarsLoad => ({ id, shown: false })),
    );
    merge(this.carsLoads, refreshes)
      .pipe(switchMap((load) => this.fetchCars(load)), takeUntilDestroyed())
      .subscribe();
    this.carsSearch.pipe(debounceTime(CARS_SEARCH_DEBOUNCE_MS), takeUntilDestroyed()).subscribe((q) => this.filterCars({ q }));
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
      this.carsQueryState.set(FIRST_CARS_PAGE);
    }
    this.id = id;
    this.viewLoads.next(id);
    this.carsLoads.next({ id, shown: true });
  }

  /** Shows the cars of another stage, bucket or car-id text, from the first page. */
  filterCars(change: Partial<RolloutCarsFilter>): void {
    const current = this.carsQueryState();
    const next = { ...current, ...change };
    if (sameFilter(next, current)) this.carsQueryState.set(next);
    else this.showCars({ ...next, page: 1 });
  }

  /** The car-id text as it is typed: asks the API once typing rests. */
  searchCars(q: string): void {
    this.carsSearch.next(q);
  }

  /** Another page (1-based) or page size, same filter. */
  pageCars(page: number, pageSize: number): void {
    this.showCars({ ...this.carsQueryState(), page, pageSize });
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

  private showCars(query: RolloutCarsPage): void {
    this.carsQueryState.set(query);
    if (this.id) this.carsLoads.next({ id: this.id, shown: true });
  }

  /** The shown page; one that a refresh finds emptied (its cars left the filter) gives way to the last page. */
  private fetchCars({ id, shown }: CarsLoad): Observable<unknown> {
    return defer(() => {
      if (shown) this.carsLoadingState.set(true);
      const query = this.carsQueryState();
      return this.api.cars(id, carsRequestOf(query)).pipe(
        switchMap((page) => {
          if (page.items.length > 0 || page.total === 0 || query.page === 1) return of(page);
          const last = { ...query, page: lastPageOf(page.total, query.pageSize) };
          this.carsQueryState.set(last);
          return this.api.cars(id, carsRequestOf(last));
        }),
        tap(({ items, total }) => {
          this.carsState.set(items);
          this.carsTotalState.set(total);
          this.carsErrorState.set(null);
        }),
        catchError((error: unknown) => {
          this.carsErrorState.set(apiErrorMessage(error));
          return of(null);
        }),
        finalize(() => shown && this.carsLoadingState.set(false)),
      );
    });
  }

  private requireId(): string {
    if (!this.id) throw new Error('No rollout loaded');
    return this.id;
  }
}
