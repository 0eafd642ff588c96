import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, USERNAME_PATTERN, type CreateUserDto, type Role } from '@fleet/shared/contracts';
import { ROLE_LABELS, ROLE_OPTIONS } from '../shared/role-options';

/** Username, password and role; closes with the `POST /api/users` body. */
@Component({
  selector: 'fleet-create-user-dialog',
  imports: [MatButtonModule, MatDialogModule, MatFormFieldModule, MatInputModule, MatSelectModule, ReactiveFormsModule],
  template: `
    <form [formGroup]="form" (ngSubmit)="submit()">
      <h2 mat-dialog-title>Create user</h2>
      <mat-dialog-content class="fields">
        <mat-form-field>
          <mat-label>Username</mat-label>
          <input matInput formControlName="username" data-testid="user-username" autocomplete="off" />
          <mat-error>2-64 lower-case letters, digits, ".", "_" or "-"</mat-error>
        </mat-form-field>
        <mat-form-field>
          <mat-label>Password</mat-label>
          <input matInput type="password" formControlName="password" data-testid="user-password" autocomplete="new-password" />
          <mat-hint>At least {{ minLength }} characters</mat-hint>
          <mat-error>At least {{ minLength }} characters</mat-error>
        </mat-form-field>
        <mat-form-field>
          <mat-label>Role</mat-label>
          <mat-select formControlName="role" data-testid="user-role-select">
            @for (role of roles; track role) {
              <mat-option [value]="role">{{ labels[role] }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close>Cancel</button>
        <button mat-flat-button type="submit" data-testid="user-submit" [disabled]="form.invalid">Create</button>
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
export class CreateUserDialog {
  private readonly dialogRef = inject<MatDialogRef<CreateUserDialog, CreateUserDto>>(MatDialogRef);
  protected readonly roles = ROLE_OPTIONS;
  protected readonly labels = ROLE_LABELS;
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
