import { Injectable, inject } from '@angular/core';
import { MatSnackBar } from '@angular/material/snack-bar';
import { apiErrorMessage } from '@fleet/console/data-access';

/** Snack-bar messages; API errors show the API's own message. */
@Injectable({ providedIn: 'root' })
export class Notifier {
  private readonly snackBar = inject(MatSnackBar);

  error(error: unknown): void {
    this.snackBar.open(apiErrorMessage(error), 'Dismiss', { duration: 8000, politeness: 'assertive' });
  }

  info(message: string): void {
    this.snackBar.open(message, undefined, { duration: 3000 });
  }
}
