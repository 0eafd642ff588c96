import { Injectable, inject } from '@angular/core';
import { MatDialog } from '@angular/material/dialog';
import { AuthSession } from '@fleet/console/data-access';
import { ConfirmDialog, type ConfirmDialogData, type RolloutAction, type RolloutActor } from '@fleet/console/ui';
import type { RolloutView } from '@fleet/shared/contracts';
import { EMPTY, catchError, filter, of, switchMap, tap, type Observable } from 'rxjs';
import { Notifier } from './notifier';

const DONE: Record<RolloutAction, string> = {
  start: 'started',
  pause: 'paused',
  resume: 'resumed',
  'next-stage': 'moved on to the next stage',
  cancel: 'cancelled',
  rollback: 'rolling back',
  approve: 'approved',
};

function confirmation(view: RolloutView, action: RolloutAction): ConfirmDialogData | null {
  if (action === 'cancel')
    return {
      title: `Cancel ${view.name}?`,
      message: 'Nothing more is sent; updates already on their way finish. Cars keep the version they have. This cannot be undone.',
      confirmLabel: 'Cancel rollout',
      confirmTestId: 'confirm-cancel',
    };
  if (action === 'rollback')
    return {
      title: `Roll back ${view.name}?`,
      message: view.definition.approvals?.revert
        ? 'Every car the rollout updated goes back to its previous version once a second admin approves.'
        : 'Every car the rollout updated goes back to its previous version (parked cars first; driving cars when they park).',
      confirmLabel: 'Roll back',
      confirmTestId: 'confirm-rollback',
    };
  if (action === 'next-stage')
    return {
      title: 'Start the next stage now?',
      message: 'The next stage starts without waiting for the current one to finish its soak window.',
      confirmLabel: 'Start next stage',
      confirmTestId: 'confirm-next-stage',
    };
  return null;
}

/** The signed-in user as the rollout controls see them. */
export function rolloutActorOf(session: AuthSession): RolloutActor | null {
  const user = session.user();
  return user ? { username: user.username, canOperate: session.can('operator'), isAdmin: session.can('admin') } : null;
}

/** Runs a rollout command: asks first for the ones that cannot be taken back, then reports the API's answer. */
@Injectable({ providedIn: 'root' })
export class RolloutCommands {
  private readonly dialog = inject(MatDialog);
  private readonly notifier = inject(Notifier);

  /** Emits the new view; errors (409, 403) are shown and end the stream quietly. */
  run(view: RolloutView, action: RolloutAction, send: (action: RolloutAction) => Observable<RolloutView>): Observable<RolloutView> {
    const data = confirmation(view, action);
    const confirmed = data
      ? this.dialog
          .open<ConfirmDialog, ConfirmDialogData, boolean>(ConfirmDialog, { data })
          .afterClosed()
          .pipe(filter((yes) => yes === true))
      : of(true);
    return confirmed.pipe(
      switchMap(() => send(action)),
      tap((next) => this.notifier.info(`${next.name} ${DONE[action]}: ${next.status}`)),
      catchError((error: unknown) => {
        this.notifier.error(error);
        return EMPTY;
      }),
    );
  }
}
