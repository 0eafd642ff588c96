import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import type { CarView, CreateCarsDto, FleetSummary, VehicleState } from '@fleet/shared/contracts';
import { Subject, animationFrameScheduler, debounceTime, filter, forkJoin, map, tap, type Observable, type Subscription } from 'rxjs';
import { apiErrorMessage } from '../api/api-error';
import { CarsApi } from '../api/cars-api';
import { RealtimeClient } from '../realtime/realtime-client';
import { normalizeFilter, sameFilter, totalFromSummary, type CarFilter } from './car-filter';
import { appendPage, applyChanged, applyRemoved, emptyCarList, type CarList } from './car-list';

export const CARS_PAGE_SIZE = 200;
export const FILTER_DEBOUNCE_MS = 300;

/** The car grid's state: the loaded pages of the filtered list, kept live from the realtime gateway. */
@Injectable({ providedIn: 'root' })
export class CarsStore {
  private readonly api = inject(CarsApi);
  private readonly realtime = inject(RealtimeClient);
  private readonly destroyRef = inject(DestroyRef);
  private readonly list = signal<CarList>(emptyCarList());
  private readonly filterState = signal<CarFilter>({});
  private readonly loadingState = signal(false);
  private readonly errorState = signal<string | null>(null);
  private readonly filterInput = new Subject<CarFilter>();
  private loadSub: Subscription | null = null;
  private started = false;
  /** Live views that arrived after this frame's apply, by car: applied together at the next animation frame. */
  private readonly pendingViews = new Map<string, CarView>();
  private frame: Subscription | null = null;

  readonly filter = this.filterState.asReadonly();
  readonly cars = computed(() => this.list().items);
  readonly total = computed(() => this.list().total);
  readonly hasMore = computed(() => this.list().items.length < this.list().total);
  readonly loading = this.loadingState.asReadonly();
  /** The last load error (`API unreachable` when the API does not answer); null after a good load. */
  readonly error = this.errorState.asReadonly();

  /**
   * Loads the first page (of `initial`, e.g. a filter from the address, when given) and follows live changes.
   * Safe to call more than once: a later call with another filter applies it like `setFilter`.
   */
  start(initial?: CarFilter): void {
    if (this.started) {
      if (initial && !sameFilter(normalizeFilter(initial), this.filterState())) this.setFilter(initial);
      return;
    }
    this.started = true;
    if (initial) this.filterState.set(normalizeFilter(initial));
    const live = <T>(source: Observable<T>) => source.pipe(takeUntilDestroyed(this.destroyRef));
    live(this.realtime.on('cars.changed')).subscribe(({ cars }) => this.receiveChanges(cars));
    live(this.realtime.on('cars.removed')).subscribe(({ ids }) => this.removeLive(ids));
    this.destroyRef.onDestroy(() => this.frame?.unsubscribe());
    live(this.realtime.on('fleet.summary')).subscribe((summary) => this.reconcileTotal(summary));
    live(this.realtime.reconnected$).subscribe(() => this.reload());
    live(this.filterInput.pipe(debounceTime(FILTER_DEBOUNCE_MS), map(normalizeFilter)))
      .pipe(filter((next) => !sameFilter(next, this.filterState())))
      .subscribe((next) => {
        this.filterState.set(next);
        this.load(1);
      });
    this.load(1);
  }

  /** Debounced: the list reloads once the input settles. */
  setFilter(next: CarFilter): void {
    this.filterInput.next(next);
  }

  /** Fetches every loaded page again (after a reconnect, or on demand). */
  reload(): void {
    this.load(Math.max(1, Math.ceil(this.list().items.length / CARS_PAGE_SIZE)));
  }

  loadMore(): void {
    if (this.loadingState() || !this.hasMore()) return;
    const next = Math.floor(this.list().items.length / CARS_PAGE_SIZE) + 1;
    this.fetch([next], this.list());
  }

  createBatch(body: CreateCarsDto): Observable<CarView[]> {
    return this.api.createBatch(body).pipe(tap((cars) => this.applyChanges(cars)));
  }

  setVehicleState(id: string, state: VehicleState): Observable<CarView> {
    return this.api.setVehicleState(id, state).pipe(tap((car) => this.applyChanges([car])));
  }

  remove(id: string): Observable<void> {
    return this.api.remove(id).pipe(tap(() => this.list.update((l) => applyRemoved(l, [id]))));
  }

  private load(pages: number): void {
    const numbers = Array.from({ length: pages }, (_, i) => i + 1);
    this.fetch(numbers, emptyCarList(new Date().toISOString()));
  }

  private fetch(pages: number[], base: CarList): void {
    this.loadSub?.unsubscribe();
    this.loadingState.set(true);
    const query = { ...this.filterState(), pageSize: CARS_PAGE_SIZE };
    this.loadSub = forkJoin(pages.map((page) => this.api.list({ ...query, page }))).subscribe({
      next: (loaded) => {
        this.list.set(loaded.reduce(appendPage, base));
        this.errorState.set(null);
        this.loadingState.set(false);
      },
      error: (error: unknown) => {
        this.errorState.set(apiErrorMessage(error));
        this.loadingState.set(false);
      },
    });
  }

  /**
   * The API sends a car's change of state within 10 ms, so `cars.changed` can come ~100 times a second while a
   * fleet updates; each apply re-indexes the loaded list (up to the whole fleet). The first event after a quiet
   * frame is applied at once, later ones are merged (the latest view per car) and applied once per animation frame.
   */
  private receiveChanges(cars: readonly CarView[]): void {
    if (this.frame) {
      for (const car of cars) this.pendingViews.set(car.id, car);
      return;
    }
    this.applyChanges(cars);
    this.frame = animationFrameScheduler.schedule(() => this.applyPending());
  }

  private applyPending(): void {
    this.frame = null;
    if (this.pendingViews.size === 0) return;
    const cars = [...this.pendingViews.values()];
    this.pendingViews.clear();
    this.receiveChanges(cars);
  }

  /** A removal also drops a waiting view of the car, which would otherwise bring it back. */
  private removeLive(ids: readonly string[]): void {
    for (const id of ids) this.pendingViews.delete(id);
    this.list.update((l) => applyRemoved(l, ids));
  }

  private applyChanges(cars: readonly CarView[]): void {
    this.list.update((l) => applyChanged(l, cars, this.filterState()));
  }

  /** A complete list counts itself; a partial one takes the exact total from the summary when it can. */
  private reconcileTotal(summary: FleetSummary): void {
    const total = totalFromSummary(summary, this.filterState());
    const list = this.list();
    if (total === null || this.loadingState() || list.items.length >= list.total) return;
    this.list.set({ ...list, total: Math.max(total, list.items.length) });
  }
}
