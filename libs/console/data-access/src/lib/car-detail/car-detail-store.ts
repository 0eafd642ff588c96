import { Injectable, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import type { CarView, CarWorkloadView, VehicleState, WorkloadHealth } from '@fleet/shared/contracts';
import { HttpErrorResponse } from '@angular/common/http';
import { Subject, auditTime, catchError, filter, forkJoin, map, merge, of, switchMap, tap, type Observable } from 'rxjs';
import { apiErrorMessage } from '../api/api-error';
import { CarsApi } from '../api/cars-api';
import { RealtimeClient } from '../realtime/realtime-client';

export type CarDetailStatus = 'loading' | 'ready' | 'not-found' | 'removed' | 'error';

export const WORKLOAD_REFRESH_MS = 1_000;

const workloadsChanged = (before: CarView | null, after: CarView) =>
  before?.version !== after.version || JSON.stringify(before?.workloads) !== JSON.stringify(after.workloads);

/** One car with its workloads, kept live from `cars.changed`. Provide per page. */
@Injectable()
export class CarDetailStore {
  private readonly api = inject(CarsApi);
  private readonly realtime = inject(RealtimeClient);
  private readonly ids = new Subject<string>();
  private readonly workloadsDirty = new Subject<string>();
  /** Workloads are fetched once the car is known to exist. */
  private readonly carLoaded = new Subject<string>();
  private readonly carState = signal<CarView | null>(null);
  private readonly statusState = signal<CarDetailStatus>('loading');
  private readonly errorState = signal<string | null>(null);
  private readonly workloadState = signal<CarWorkloadView[]>([]);
  private readonly workloadError = signal<string | null>(null);
  private readonly healthState = signal<Record<string, WorkloadHealth>>({});
  private id: string | null = null;

  readonly car = this.carState.asReadonly();
  readonly status = this.statusState.asReadonly();
  readonly error = this.errorState.asReadonly();
  readonly workloads = this.workloadState.asReadonly();
  readonly workloadsError = this.workloadError.asReadonly();
  /** Health per workload name from `GET /api/cars/:id/status`; empty when the API does not offer it. */
  readonly health = this.healthState.asReadonly();

  constructor() {
    this.ids.pipe(switchMap((id) => this.fetchCar(id)), takeUntilDestroyed()).subscribe();
    merge(this.carLoaded, this.workloadsDirty.pipe(auditTime(WORKLOAD_REFRESH_MS)))
      .pipe(switchMap((id) => this.fetchWorkloads(id)), takeUntilDestroyed())
      .subscribe();
    this.realtime
      .on('cars.changed')
      .pipe(
        map(({ cars }) => cars.find((car) => car.id === this.id)),
        filter((car): car is CarView => car !== undefined),
        takeUntilDestroyed(),
      )
      .subscribe((car) => this.update(car));
    this.realtime
      .on('cars.removed')
      .pipe(takeUntilDestroyed())
      .subscribe(({ ids }) => {
        if (this.id && ids.includes(this.id)) this.statusState.set('removed');
      });
    this.realtime.reconnected$.pipe(takeUntilDestroyed()).subscribe(() => this.id && this.ids.next(this.id));
  }

  load(id: string): void {
    this.id = id;
    this.carState.set(null);
    this.workloadState.set([]);
    this.statusState.set('loading');
    this.ids.next(id);
  }

  setVehicleState(state: VehicleState): Observable<CarView> {
    return this.api.setVehicleState(this.requireId(), state).pipe(tap((car) => this.update(car)));
  }

  remove(): Observable<void> {
    return this.api.remove(this.requireId()).pipe(tap(() => this.statusState.set('removed')));
  }

  private requireId(): string {
    if (!this.id) throw new Error('No car loaded');
    return this.id;
  }

  private update(car: CarView): void {
    const before = this.carState();
    this.carState.set(car);
    if (this.statusState() !== 'removed') this.statusState.set('ready');
    if (workloadsChanged(before, car)) this.workloadsDirty.next(car.id);
  }

  private fetchCar(id: string): Observable<unknown> {
    return this.api.get(id).pipe(
      tap((car) => {
        this.carState.set(car);
        this.statusState.set('ready');
        this.errorState.set(null);
        this.carLoaded.next(car.id);
      }),
      catchError((error: unknown) => {
        const notFound = error instanceof HttpErrorResponse && error.status === 404;
        this.statusState.set(notFound ? 'not-found' : 'error');
        this.errorState.set(apiErrorMessage(error));
        return of(null);
      }),
    );
  }

  private fetchWorkloads(id: string): Observable<unknown> {
    const health = this.api.status(id).pipe(
      map((status) => Object.fromEntries(status.workloadStates.map((w) => [w.name, w.health]))),
      catchError(() => of({})),
    );
    const workloads = this.api.workloads(id).pipe(
      tap(() => this.workloadError.set(null)),
      catchError((error: unknown) => {
        const missing = error instanceof HttpErrorResponse && error.status === 404;
        this.workloadError.set(missing ? 'Workloads are not available for this car' : apiErrorMessage(error));
        return of(null);
      }),
    );
    return forkJoin([workloads, health]).pipe(
      tap(([list, byName]) => {
        if (list) this.workloadState.set(list);
        this.healthState.set(byName);
      }),
    );
  }
}
