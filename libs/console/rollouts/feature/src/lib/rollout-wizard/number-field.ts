import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { ReactiveFormsModule, type FormControl } from '@angular/forms';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { errorText } from './wizard-validators';

/** A whole-number field of the wizard with its unit, hint and validation message. */
@Component({
  selector: 'fleet-number-field',
  imports: [MatFormFieldModule, MatInputModule, ReactiveFormsModule],
  template: `
    <mat-form-field>
      <mat-label>{{ label() }}</mat-label>
      <input matInput type="number" [formControl]="control()" [attr.data-testid]="testId()" [placeholder]="placeholder()" />
      @if (suffix()) {
        <span matTextSuffix>{{ suffix() }}</span>
      }
      @if (hint()) {
        <mat-hint>{{ hint() }}</mat-hint>
      }
      <mat-error>{{ error() }}</mat-error>
    </mat-form-field>
  `,
  styles: `
    mat-form-field {
      width: 100%;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class NumberField {
  readonly control = input.required<FormControl<number | null>>();
  readonly label = input.required<string>();
  readonly testId = input.required<string>();
  readonly suffix = input('');
  readonly hint = input('');
  readonly placeholder = input('');

  protected error(): string {
    return errorText(this.control());
  }
}
