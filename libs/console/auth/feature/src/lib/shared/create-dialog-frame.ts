import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { FormGroup, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialogModule } from '@angular/material/dialog';

/**
 * The frame every admin "Create ..." dialog shares: a form with a title, its projected fields and the
 * Cancel / Create actions (Create disabled while the form is invalid). Fields bind with `[formControl]`.
 */
@Component({
  selector: 'fleet-create-dialog-frame',
  imports: [MatButtonModule, MatDialogModule, ReactiveFormsModule],
  template: `
    <form [formGroup]="form()" (ngSubmit)="submitted.emit()">
      <h2 mat-dialog-title>{{ title() }}</h2>
      <mat-dialog-content class="fields">
        <ng-content />
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close>Cancel</button>
        <button mat-flat-button type="submit" [attr.data-testid]="submitTestId()" [disabled]="form().invalid">Create</button>
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
export class CreateDialogFrame {
  readonly title = input.required<string>();
  readonly form = input.required<FormGroup>();
  readonly submitTestId = input.required<string>();
  readonly submitted = output<void>();
}
