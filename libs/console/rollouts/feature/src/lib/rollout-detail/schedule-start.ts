import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { FormControl, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { errorText, inTheFuture } from '../rollout-wizard/wizard-validators';

/** A draft's "start at": a local date and time ahead of now; emits it as ISO-8601 (UTC). */
@Component({
  selector: 'fleet-schedule-start',
  imports: [MatButtonModule, MatFormFieldModule, MatIconModule, MatInputModule, ReactiveFormsModule],
  template: `
    <div class="row">
      <mat-form-field subscriptSizing="dynamic">
        <mat-label>Start at</mat-label>
        <input matInput type="datetime-local" [formControl]="at" data-testid="draft-start-at" />
        <mat-hint>Your local time; the rollout starts itself then.</mat-hint>
        <mat-error>{{ error() }}</mat-error>
      </mat-form-field>
      <button mat-stroked-button type="button" [disabled]="busy()" (click)="submit()" data-testid="draft-schedule"><mat-icon>schedule</mat-icon>Schedule start</button>
    </div>
  `,
  styles: `
    .row {
      display: flex;
      gap: 12px;
      align-items: baseline;
      flex-wrap: wrap;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ScheduleStart {
  readonly busy = input(false);
  readonly schedule = output<string>();

  protected readonly at = new FormControl('', {
    nonNullable: true,
    validators: [Validators.required, inTheFuture()],
  });

  protected error(): string {
    return errorText(this.at);
  }

  protected submit(): void {
    this.at.markAsTouched();
    this.at.updateValueAndValidity();
    if (this.at.invalid) return;
    this.schedule.emit(new Date(this.at.value).toISOString());
  }
}
