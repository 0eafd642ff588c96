import { Injectable, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import type { BulkUpdateResponse, CarView, UpdateHistoryEntry } from '@fleet/shared/contracts';
import { HttpErrorResponse } from '@angular/common/http';
import { Subject, auditTime, catchError, filter, map, merge, of, switchMap, tap, type Observable } from 'rxjs';
import { apiErrorMessage } from '../api/api-error';
import { RealtimeClient } from '../realtime/realtime-client';
import { UpdatesApi } from './updates-api';

export const HISTORY_PAGE_SIZE = 50;
export const HISTORY_REFRESH_MS = 1_000;

const fingerprint = (car: CarView) => `${car.updateState}|${car.version}`;

/**
 * One car's updates: its history (newest first), kept fresh while the car's update state or version changes,
 * and the update and rollback requests. Provide per page.
 */
@Injectable()
export class CarUpdatesStore {
  private readonly api = inject(UpdatesApi);
  private readonly realtime = inject(RealtimeClient);
  private readonly loads = new Subject<string>();
  private readonly dirty = new Subject<string>();
  private readonly entriesState = signal<readonly UpdateHistoryEntry[]>([]);
  private readonly totalState = signal(0);
  private readonly errorState = signal<string | null>(null);
  private carId: string | null = null;
  private seen: string | null = null;

  readonly entries = this.entriesState.asReadonly();
  readonly total = this.totalState.asReadonly();
  readonly error = this.errorState.asReadonly();

  constructor() {
    merge(this.loads, this.dirty.pipe(auditTime(HISTORY_REFRESH_MS)))
      .pipe(switchMap((id) => this.fetch(id)), takeUntilDestroyed())
      .subscribe();
    this.realtime
      .on('cars.changed')
      .pipe(
        map(({ cars }) => cars.find((car) => car.id === this.carId)),
        filter((car): car is CarView => car !== undefined),
        takeUntilDestroyed(),
      )
      .subscribe((car) => {
        const next = fingerprint(car);
        if (this.seen !== null && next !== this.seen) this.dirty.next(car.id);
        this.seen = next;
      });
    this.realtime.reconnected$.pipe(takeUntilDestroyed()).subscribe(() => this.carId && this.loads.next(this.carId));
  }

  load(carId: string): void {
    this.carId = carId;
    this.seen = null;
    this.entriesState.set([]);
    this.totalState.set(0);
    this.loads.next(carId);
  }

  /** The entry the API accepted, shown at once; errors (409, 422) go to the caller. */
  update(version: string): Observable<UpdateHistoryEntry> {
    return this.api.updateCar(this.requireId(), version).pipe(tap((entry) => this.prepend([entry])));
  }

  /** Back to the previous version, or to `toVersion`. A refusal comes back as a result, not an error. */
  rollback(toVersion?: string): Observable<BulkUpdateResponse> {
    const body = toVersion ? { carIds: [this.requireId()], toVersion } : { carIds: [this.requireId()] };
    return this.api.rollback(body).pipe(
      tap((response) => this.prepend(response.results.flatMap((r) => (r.status === 'accepted' ? [r.entry] : [])))),
    );
  }

  private requireId(): string {
    if (!this.carId) throw new Error('No car loaded');
    return this.carId;
  }

  private prepend(entries: UpdateHistoryEntry[]): void {
    if (entries.length === 0) return;
    const ids = new Set(entries.map((e) => e.id));
    this.entriesState.update((current) => [...entries, ...current.filter((e) => !ids.has(e.id))]);
    this.totalState.update((total) => total + entries.length);
  }

  private fetch(id: string): Observable<unknown> {
    return this.api.history(id, 1, HISTORY_PAGE_SIZE).pipe(
      tap((page) => {
        this.entriesState.set(page.items);
        this.totalState.set(page.total);
        this.errorState.set(null);
      }),
      catchError((error: unknown) => {
        const missing = error instanceof HttpErrorResponse && error.status === 404;
        this.errorState.set(missing ? 'No update history is available for this car' : apiErrorMessage(error));
        return of(null);
      }),
    );
  }
}
