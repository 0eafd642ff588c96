import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';

import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatRadioModule } from '@angular/material/radio';
import type { EmergencyStopMode } from '@fleet/shared/contracts';

export interface EmergencyStopDialogData {
  /** Admins only: freeze-and-revert rolls updated cars back fleet-wide. */
  canRevert: boolean;
}

/** The fleet-wide stop of every rollout, with its two modes explained; closes with the chosen mode. */
@Component({
  selector: 'fleet-emergency-stop-dialog',
  imports: [MatButtonModule, MatDialogModule, MatIconModule, MatRadioModule],
  template: `
    <h2 mat-dialog-title><mat-icon aria-hidden="true" class="warn">emergency</mat-icon> Emergency stop</h2>
    <mat-dialog-content>
      <p>Stops every live rollout at once (running, paused, scheduled or waiting for approval). Drafts and finished rollouts are not touched.</p>
      <mat-radio-group [value]="mode()" (change)="mode.set($event.value)" aria-label="Emergency stop mode" class="modes">
        <mat-radio-button value="freeze" data-testid="emergency-mode-freeze">
          <strong>Freeze</strong>
          <span class="explain">No update is sent to any car from now on; updates already on their way finish. Each rollout can be resumed later.</span>
        </mat-radio-button>
        <mat-radio-button value="freeze-and-revert" [disabled]="!data.canRevert" data-testid="emergency-mode-revert">
          <strong>Freeze and revert</strong>
          <span class="explain">
            Also rolls every car the rollouts updated back to its previous version, without waiting for approval. This cannot be
            resumed.
            @if (!data.canRevert) {
              <em>Admins only.</em>
            }
          </span>
        </mat-radio-button>
      </mat-radio-group>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button type="button" [mat-dialog-close]="undefined">Cancel</button>
      <button mat-flat-button type="button" class="stop" data-testid="emergency-stop-confirm" [mat-dialog-close]="mode()">
        {{ mode() === 'freeze' ? 'Freeze all rollouts' : 'Freeze and revert all rollouts' }}
      </button>
    </mat-dialog-actions>
  `,
  styles: `
    h2 {
      display: flex;
      align-items: center;
      gap: 8px;
    }
    .warn {
      color: var(--mat-sys-error);
    }
    .modes {
      display: flex;
      flex-direction: column;
      gap: 12px;
    }
    .explain {
      display: block;
      max-width: 460px;
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-small);
    }
    .stop {
      --mat-button-filled-container-color: var(--mat-sys-error);
      --mat-button-filled-label-text-color: var(--mat-sys-on-error);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class EmergencyStopDialog {
  protected readonly data = inject<EmergencyStopDialogData>(MAT_DIALOG_DATA);
  protected readonly mode = signal<EmergencyStopMode>('freeze');
}
