import { ChangeDetectionStrategy, Component, computed, inject, signal, type Signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import type { FleetVersion } from '@fleet/shared/contracts';
import { incompatibleModels } from '../version-picker/version-compatibility';
import { VersionPicker } from '../version-picker/version-picker';

export interface UpdateDialogData {
  title: string;
  /** Live: the list may still be loading when the dialog opens. */
  versions: Signal<readonly FleetVersion[]>;
  /** The models of the cars to update. */
  models: readonly string[];
  /** The installed version of a single car. */
  current?: string | null;
  /** Explains what happens next (e.g. "Updates 12 selected cars"). */
  hint?: string;
}

/** Picks the version to install; closes with it. */
@Component({
  selector: 'fleet-update-dialog',
  imports: [MatButtonModule, MatDialogModule, VersionPicker],
  template: `
    <h2 mat-dialog-title>{{ data.title }}</h2>
    <mat-dialog-content>
      @if (data.hint) {
        <p class="hint">{{ data.hint }}</p>
      }
      <fleet-version-picker [versions]="data.versions()" [models]="data.models" [current]="data.current ?? null" [(value)]="version" />
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button type="button" mat-dialog-close>Cancel</button>
      <button mat-flat-button type="button" data-testid="update-submit" [disabled]="!canSubmit()" (click)="submit()">
        Update{{ version() ? ' to ' + version() : '' }}
      </button>
    </mat-dialog-actions>
  `,
  styles: `
    mat-dialog-content {
      min-width: min(520px, 80vw);
    }
    .hint {
      margin-top: 0;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class UpdateDialog {
  protected readonly data = inject<UpdateDialogData>(MAT_DIALOG_DATA);
  private readonly dialogRef = inject<MatDialogRef<UpdateDialog, string>>(MatDialogRef);
  protected readonly version = signal<string | null>(null);

  /** A version is chosen and at least one of the cars can run it. */
  protected readonly canSubmit = computed(() => {
    const chosen = this.data.versions().find((v) => v.version === this.version());
    if (!chosen) return false;
    const models = new Set(this.data.models);
    return models.size === 0 || incompatibleModels(chosen, [...models]).length < models.size;
  });

  protected submit(): void {
    const version = this.version();
    if (version && this.canSubmit()) this.dialogRef.close(version);
  }
}
