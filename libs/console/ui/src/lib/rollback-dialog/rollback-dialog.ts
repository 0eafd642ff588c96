import { ChangeDetectionStrategy, Component, computed, inject, signal, type Signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatRadioModule } from '@angular/material/radio';
import { MatSelectModule } from '@angular/material/select';
import type { FleetVersion, RollbackDto } from '@fleet/shared/contracts';
import { VersionPicker } from '../version-picker/version-picker';

export interface RollbackDialogData {
  title: string;
  /** The selected cars (may be empty: then only a region can be chosen). */
  carIds: readonly string[];
  /** True for one car's page: no region choice. */
  fixedCars?: boolean;
  regions: readonly string[];
  versions: Signal<readonly FleetVersion[]>;
  models?: readonly string[];
  current?: string | null;
}

type Scope = 'cars' | 'region';
type Target = 'previous' | 'chosen';

/** Which cars (selection or region) go back to which version (previous or chosen); closes with the rollback body. */
@Component({
  selector: 'fleet-rollback-dialog',
  imports: [FormsModule, MatButtonModule, MatDialogModule, MatFormFieldModule, MatRadioModule, MatSelectModule, VersionPicker],
  templateUrl: './rollback-dialog.html',
  styles: `
    .content {
      display: flex;
      flex-direction: column;
      gap: 12px;
      min-width: min(520px, 80vw);
    }
    .group {
      display: flex;
      flex-direction: column;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RollbackDialog {
  protected readonly data = inject<RollbackDialogData>(MAT_DIALOG_DATA);
  private readonly dialogRef = inject<MatDialogRef<RollbackDialog, RollbackDto>>(MatDialogRef);

  protected readonly scope = signal<Scope>(this.data.carIds.length > 0 ? 'cars' : 'region');
  protected readonly region = signal<string | null>(null);
  protected readonly target = signal<Target>('previous');
  protected readonly version = signal<string | null>(null);

  /** The body to send, or null while the form is incomplete. */
  protected readonly request = computed<RollbackDto | null>(() => {
    const toVersion = this.target() === 'chosen' ? this.version() : undefined;
    if (toVersion === null) return null;
    const versionPart = toVersion ? { toVersion } : {};
    if (this.scope() === 'cars') {
      return this.data.carIds.length > 0 ? { carIds: [...this.data.carIds], ...versionPart } : null;
    }
    const region = this.region();
    return region ? { region, ...versionPart } : null;
  });

  protected submit(): void {
    const body = this.request();
    if (body) this.dialogRef.close(body);
  }
}
