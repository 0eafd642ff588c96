import { Injectable, inject } from '@angular/core';
import { MatDialog } from '@angular/material/dialog';
import { MatSnackBar } from '@angular/material/snack-bar';
import { apiErrorMessage, AuthSession, RolloutsApi } from '@fleet/console/data-access';
import { EmergencyStopDialog, type EmergencyStopDialogData } from '@fleet/console/ui';
import type { EmergencyStopMode, EmergencyStopResult } from '@fleet/shared/contracts';
import { filter, switchMap } from 'rxjs';

function summary(result: EmergencyStopResult): string {
  const n = result.rollouts.length;
  if (n === 0) return `Emergency stop (${result.mode}): no rollout was live`;
  return `Emergency stop (${result.mode}): ${n} rollout${n === 1 ? '' : 's'} stopped`;
}

/** The toolbar's emergency stop: the two modes explained in a dialog, then one request for the whole fleet. */
@Injectable({ providedIn: 'root' })
export class EmergencyStop {
  private readonly dialog = inject(MatDialog);
  private readonly api = inject(RolloutsApi);
  private readonly session = inject(AuthSession);
  private readonly snackBar = inject(MatSnackBar);

  open(): void {
    const data: EmergencyStopDialogData = { canRevert: this.session.can('admin') };
    this.dialog
      .open<EmergencyStopDialog, EmergencyStopDialogData, EmergencyStopMode>(EmergencyStopDialog, { data, autoFocus: 'dialog' })
      .afterClosed()
      .pipe(
        filter((mode): mode is EmergencyStopMode => mode !== undefined),
        switchMap((mode) => this.api.emergencyStop(mode)),
      )
      .subscribe({
        next: (result) => this.snackBar.open(summary(result), 'Dismiss', { duration: 8000, politeness: 'assertive' }),
        error: (error: unknown) => this.snackBar.open(apiErrorMessage(error), 'Dismiss', { duration: 8000, politeness: 'assertive' }),
      });
  }
}
