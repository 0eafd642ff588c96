import { signal } from '@angular/core';
import { catchError, EMPTY, finalize, tap, type Observable } from 'rxjs';
import { apiErrorMessage } from './api-error';

/** A loaded list with its loading flag and last error: the shape every table page shares. */
export class ListState<T> {
  private readonly itemsState = signal<readonly T[]>([]);
  private readonly loadingState = signal(false);
  private readonly errorState = signal<string | null>(null);

  readonly items = this.itemsState.asReadonly();
  readonly loading = this.loadingState.asReadonly();
  readonly error = this.errorState.asReadonly();

  /** Subscribe to the result; errors end up in `error`, never in the subscriber. */
  load(source: Observable<readonly T[]>): Observable<readonly T[]> {
    this.loadingState.set(true);
    return source.pipe(
      tap((items) => {
        this.itemsState.set(items);
        this.errorState.set(null);
      }),
      catchError((error: unknown) => {
        this.errorState.set(apiErrorMessage(error));
        return EMPTY;
      }),
      finalize(() => this.loadingState.set(false)),
    );
  }

  set(items: readonly T[]): void {
    this.itemsState.set(items);
  }

  update(change: (items: readonly T[]) => readonly T[]): void {
    this.itemsState.update(change);
  }
}
