import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, USERNAME_PATTERN, type CreateUserDto, type Role } from '@fleet/shared/contracts';
import { CreateDialogFrame } from '../shared/create-dialog-frame';
import { RoleField } from '../shared/role-field';

/** Username, password and role; closes with the `POST /api/users` body. */
@Component({
  selector: 'fleet-create-user-dialog',
  imports: [CreateDialogFrame, MatFormFieldModule, MatInputModule, ReactiveFormsModule, RoleField],
  template: `
    <fleet-create-dialog-frame title="Create user" submitTestId="user-submit" [form]="form" (submitted)="submit()">
      <mat-form-field>
        <mat-label>Username</mat-label>
        <input matInput [formControl]="form.controls.username" data-testid="user-username" autocomplete="off" />
        <mat-error>2-64 lower-case letters, digits, ".", "_" or "-"</mat-error>
      </mat-form-field>
      <mat-form-field>
        <mat-label>Password</mat-label>
        <input
          matInput
          type="password"
          [formControl]="form.controls.password"
          data-testid="user-password"
          autocomplete="new-password"
        />
        <mat-hint>At least {{ minLength }} characters</mat-hint>
        <mat-error>At least {{ minLength }} characters</mat-error>
      </mat-form-field>
      <fleet-role-field [control]="form.controls.role" testId="user-role-select" />
    </fleet-create-dialog-frame>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CreateUserDialog {
  private readonly dialogRef = inject<MatDialogRef<CreateUserDialog, CreateUserDto>>(MatDialogRef);
  protected readonly minLength = PASSWORD_MIN_LENGTH;
  protected readonly form = inject(NonNullableFormBuilder).group({
    username: ['', [Validators.required, Validators.pattern(USERNAME_PATTERN)]],
    password: ['', [Validators.required, Validators.minLength(PASSWORD_MIN_LENGTH), Validators.maxLength(PASSWORD_MAX_LENGTH)]],
    role: ['viewer' as Role, Validators.required],
  });

  protected submit(): void {
    if (this.form.valid) this.dialogRef.close(this.form.getRawValue());
  }
}
