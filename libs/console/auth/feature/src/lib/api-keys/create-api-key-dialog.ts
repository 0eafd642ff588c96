import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import type { CreateApiKeyDto, Role } from '@fleet/shared/contracts';
import { ROLE_LABELS, ROLE_OPTIONS } from '../shared/role-options';

/** The API's rule for key names. */
const KEY_NAME = /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$/;

/** A name saying what the key is for, and its role; closes with the `POST /api/api-keys` body. */
@Component({
  selector: 'fleet-create-api-key-dialog',
  imports: [MatButtonModule, MatDialogModule, MatFormFieldModule, MatInputModule, MatSelectModule, ReactiveFormsModule],
  template: `
    <form [formGroup]="form" (ngSubmit)="submit()">
      <h2 mat-dialog-title>Create API key</h2>
      <mat-dialog-content class="fields">
        <mat-form-field>
          <mat-label>Name</mat-label>
          <input matInput formControlName="name" data-testid="key-name" autocomplete="off" />
          <mat-hint>What the key is for, e.g. nightly-rollout-job</mat-hint>
          <mat-error>1-64 letters, digits, spaces, ".", "_" or "-"</mat-error>
        </mat-form-field>
        <mat-form-field>
          <mat-label>Role</mat-label>
          <mat-select formControlName="role" data-testid="key-role-select">
            @for (role of roles; track role) {
              <mat-option [value]="role">{{ labels[role] }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close>Cancel</button>
        <button mat-flat-button type="submit" data-testid="key-submit" [disabled]="form.invalid">Create</button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    .fields {
      display: flex;
      flex-direction: column;
      gap: 8px;
      min-width: 320px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CreateApiKeyDialog {
  private readonly dialogRef = inject<MatDialogRef<CreateApiKeyDialog, CreateApiKeyDto>>(MatDialogRef);
  protected readonly roles = ROLE_OPTIONS;
  protected readonly labels = ROLE_LABELS;
  protected readonly form = inject(NonNullableFormBuilder).group({
    name: ['', [Validators.required, Validators.pattern(KEY_NAME)]],
    role: ['operator' as Role, Validators.required],
  });

  protected submit(): void {
    if (this.form.valid) this.dialogRef.close(this.form.getRawValue());
  }
}
