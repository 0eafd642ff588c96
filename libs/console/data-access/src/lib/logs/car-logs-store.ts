import { Injectable, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import type { LogLine } from '@fleet/shared/contracts';
import { EMPTY, catchError, distinctUntilChanged, merge, switchMap, tap, Subject, type Observable } from 'rxjs';
import { apiErrorMessage } from '../api/api-error';
import { CarsApi } from '../api/cars-api';
import { RealtimeClient } from '../realtime/realtime-client';
import { CarLogsClient } from './car-logs-client';
import { appendNew, lastAt, MAX_LOG_LINES, mergeHistory } from './log-buffer';

export interface LogView {
  carId: string;
  tail: number;
  workload: string | null;
  follow: boolean;
}

const sameView = (a: LogView, b: LogView) =>
  a.carId === b.carId && a.tail === b.tail && a.workload === b.workload && a.follow === b.follow;

/** One car's log view: the REST tail, then live lines while following; a bounded buffer. Provide per page. */
@Injectable()
export class CarLogsStore {
  private readonly api = inject(CarsApi);
  private readonly client = inject(CarLogsClient);
  private readonly realtime = inject(RealtimeClient);
  private readonly views = new Subject<LogView>();
  private readonly buffer = signal<readonly LogLine[]>([]);
  private readonly errorState = signal<string | null>(null);

  readonly lines = this.buffer.asReadonly();
  readonly error = this.errorState.asReadonly();
  maxLines = MAX_LOG_LINES;

  constructor() {
    this.views
      .pipe(
        distinctUntilChanged(sameView),
        switchMap((view) => this.stream(view)),
        takeUntilDestroyed(),
      )
      .subscribe();
  }

  configure(view: LogView): void {
    this.views.next(view);
  }

  private stream(view: LogView): Observable<unknown> {
    this.buffer.set([]);
    this.errorState.set(null);
    const workload = view.workload ?? undefined;
    const history = this.api.logs(view.carId, { tail: view.tail, workload }).pipe(
      tap((lines) => this.buffer.update((live) => mergeHistory(lines, live, this.maxLines))),
      catchError((error: unknown) => this.fail(error)),
    );
    if (!view.follow) return history;
    const live = this.client.follow(view.carId, workload).pipe(
      tap((lines) => this.append(lines)),
      catchError((error: unknown) => this.fail(error)),
    );
    // Lines published while the socket was down come from the REST endpoint.
    const gaps = this.realtime.reconnected$.pipe(
      switchMap(() =>
        this.api.logs(view.carId, { since: lastAt(this.buffer()), workload, tail: view.tail }).pipe(
          catchError(() => EMPTY),
        ),
      ),
      tap((lines) => this.append(lines)),
    );
    return merge(history, live, gaps);
  }

  private append(lines: readonly LogLine[]): void {
    this.buffer.update((current) => appendNew(current, lines, this.maxLines));
  }

  private fail(error: unknown): Observable<never> {
    this.errorState.set(apiErrorMessage(error));
    return EMPTY;
  }
}
