import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import type { CreateApiKeyDto, Role } from '@fleet/shared/contracts';
import { CreateDialogFrame } from '../shared/create-dialog-frame';
import { RoleField } from '../shared/role-field';

/** The API's rule for key names. */
const KEY_NAME = /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$/;

/** A name saying what the key is for, and its role; closes with the `POST /api/api-keys` body. */
@Component({
  selector: 'fleet-create-api-key-dialog',
  imports: [CreateDialogFrame, MatFormFieldModule, MatInputModule, ReactiveFormsModule, RoleField],
  template: `
    <fleet-create-dialog-frame title="Create API key" submitTestId="key-submit" [form]="form" (submitted)="submit()">
      <mat-form-field>
        <mat-label>Name</mat-label>
        <input matInput [formControl]="form.controls.name" data-testid="key-name" autocomplete="off" />
        <mat-hint>What the key is for, e.g. nightly-rollout-job</mat-hint>
        <mat-error>1-64 letters, digits, spaces, ".", "_" or "-"</mat-error>
      </mat-form-field>
      <fleet-role-field [control]="form.controls.role" testId="key-role-select" />
    </fleet-create-dialog-frame>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CreateApiKeyDialog {
  private readonly dialogRef = inject<MatDialogRef<CreateApiKeyDialog, CreateApiKeyDto>>(MatDialogRef);
  protected readonly form = inject(NonNullableFormBuilder).group({
    name: ['', [Validators.required, Validators.pattern(KEY_NAME)]],
    role: ['operator' as Role, Validators.required],
  });

  protected submit(): void {
    if (this.form.valid) this.dialogRef.close(this.form.getRawValue());
  }
}
