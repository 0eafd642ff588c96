import { Injectable, inject, signal } from '@angular/core';
import { MatDialog } from '@angular/material/dialog';
import { ConfirmDialog, type ConfirmDialogData } from '@fleet/console/ui';
import type { CarView, VehicleState } from '@fleet/shared/contracts';
import { filter, finalize, map, switchMap, type Observable } from 'rxjs';
import { Notifier } from './notifier';

export function nextVehicleState(car: Pick<CarView, 'vehicleState'>): VehicleState {
  return car.vehicleState === 'parked' ? 'driving' : 'parked';
}

/** Car commands shared by the grid and the detail page: busy tracking, delete confirmation, error snack bars. */
@Injectable({ providedIn: 'root' })
export class CarActions {
  private readonly dialog = inject(MatDialog);
  private readonly notifier = inject(Notifier);
  private readonly busyIds = signal<ReadonlySet<string>>(new Set());

  /** Cars with a request in flight. */
  readonly busy = this.busyIds.asReadonly();

  /** Sends the opposite vehicle state through `send`. */
  toggle(car: CarView, send: (state: VehicleState) => Observable<unknown>): void {
    this.track(car.id, send(nextVehicleState(car))).subscribe({ error: (error: unknown) => this.notifier.error(error) });
  }

  /** Asks first; calls `remove` and then `done` on confirmation. */
  delete(car: Pick<CarView, 'id'>, remove: () => Observable<unknown>, done?: () => void): void {
    const data: ConfirmDialogData = {
      title: `Delete car ${car.id}?`,
      message: 'Its agent process is stopped and the car leaves the fleet.',
      confirmLabel: 'Delete',
      confirmTestId: 'confirm-delete',
    };
    this.dialog
      .open<ConfirmDialog, ConfirmDialogData, boolean>(ConfirmDialog, { data })
      .afterClosed()
      .pipe(
        map((confirmed) => confirmed === true),
        filter(Boolean),
        switchMap(() => this.track(car.id, remove())),
      )
      .subscribe({ next: () => done?.(), error: (error: unknown) => this.notifier.error(error) });
  }

  private track<T>(id: string, request: Observable<T>): Observable<T> {
    this.busyIds.update((ids) => new Set(ids).add(id));
    return request.pipe(
      finalize(() =>
        this.busyIds.update((ids) => {
          const next = new Set(ids);
          next.delete(id);
          return next;
        }),
      ),
    );
  }
}
