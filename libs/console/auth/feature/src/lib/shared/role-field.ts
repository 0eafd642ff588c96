import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatSelectModule } from '@angular/material/select';
import type { Role } from '@fleet/shared/contracts';
import { ROLE_LABELS, ROLE_OPTIONS } from './role-options';

/** The role picker of the create-user and create-API-key dialogs. */
@Component({
  selector: 'fleet-role-field',
  imports: [MatFormFieldModule, MatSelectModule, ReactiveFormsModule],
  template: `
    <mat-form-field>
      <mat-label>Role</mat-label>
      <mat-select [formControl]="control()" [attr.data-testid]="testId()">
        @for (role of roles; track role) {
          <mat-option [value]="role">{{ labels[role] }}</mat-option>
        }
      </mat-select>
    </mat-form-field>
  `,
  styles: `
    :host {
      display: contents;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RoleField {
  readonly control = input.required<FormControl<Role>>();
  readonly testId = input.required<string>();
  protected readonly roles = ROLE_OPTIONS;
  protected readonly labels = ROLE_LABELS;
}
