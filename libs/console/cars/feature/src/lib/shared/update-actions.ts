import { Injectable, inject } from '@angular/core';
import { MatDialog } from '@angular/material/dialog';
import { UpdatesApi, VersionsStore } from '@fleet/console/data-access';
import {
  BulkResultDialog,
  RollbackDialog,
  UpdateDialog,
  type BulkResultDialogData,
  type RollbackDialogData,
  type UpdateDialogData,
} from '@fleet/console/ui';
import type { BulkUpdateResponse, CarView, RollbackDto, UpdateHistoryEntry } from '@fleet/shared/contracts';
import { filter, switchMap, type Observable } from 'rxjs';
import { Notifier } from './notifier';

export interface RollbackScope {
  /** The cars to offer (selection or the one car of a detail page). */
  carIds: readonly string[];
  /** One car's page: no region choice. */
  fixedCars?: boolean;
  regions: readonly string[];
  models?: readonly string[];
  current?: string | null;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Update and rollback flows shared by the grid and the detail page: version dialogs, requests, result dialogs. */
@Injectable({ providedIn: 'root' })
export class UpdateActions {
  private readonly dialog = inject(MatDialog);
  private readonly api = inject(UpdatesApi);
  private readonly versions = inject(VersionsStore);
  private readonly notifier = inject(Notifier);

  /** One car: pick a version, then `send` it (the detail page's store, which records the entry). */
  updateOne(car: CarView, send: (version: string) => Observable<UpdateHistoryEntry>): void {
    this.pickVersion({
      title: `Update car ${car.id}`,
      versions: this.versionsSignal(),
      models: [car.model],
      current: car.version,
    })
      .pipe(switchMap((version) => send(version)))
      .subscribe({
        next: (entry) => this.notifier.info(`Update of ${car.id} to ${entry.toVersion} requested`),
        error: (error: unknown) => this.notifier.error(error),
      });
  }

  /** Many cars by id: pick a version, send one bulk request, show each car's answer. */
  updateMany(carIds: readonly string[], models: readonly string[]): void {
    const title = `Update ${plural(carIds.length, 'car')}`;
    this.pickVersion({ title, versions: this.versionsSignal(), models, hint: 'Each car is checked on its own: driving, offline or incompatible cars are refused.' })
      .pipe(switchMap((version) => this.api.bulkUpdate({ carIds: [...carIds], version })))
      .subscribe({
        next: (response) => this.showResults(title, response),
        error: (error: unknown) => this.notifier.error(error),
      });
  }

  /** Selected cars or a region, back to the previous or a chosen version. */
  rollback(scope: RollbackScope, send: (body: RollbackDto) => Observable<BulkUpdateResponse> = (body) => this.api.rollback(body)): void {
    const data: RollbackDialogData = { title: 'Roll back', versions: this.versionsSignal(), ...scope };
    this.dialog
      .open<RollbackDialog, RollbackDialogData, RollbackDto>(RollbackDialog, { data })
      .afterClosed()
      .pipe(
        filter((body): body is RollbackDto => body !== undefined),
        switchMap((body) => send(body)),
      )
      .subscribe({
        next: (response) => this.showResults('Roll back', response),
        error: (error: unknown) => this.notifier.error(error),
      });
  }

  private versionsSignal() {
    this.versions.ensureLoaded();
    return this.versions.versions;
  }

  private pickVersion(data: UpdateDialogData): Observable<string> {
    return this.dialog
      .open<UpdateDialog, UpdateDialogData, string>(UpdateDialog, { data })
      .afterClosed()
      .pipe(filter((version): version is string => typeof version === 'string'));
  }

  private showResults(title: string, response: BulkUpdateResponse): void {
    this.dialog.open<BulkResultDialog, BulkResultDialogData>(BulkResultDialog, { data: { title, response } });
  }
}
