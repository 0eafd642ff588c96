import type { StepperSelectionEvent } from '@angular/cdk/stepper';
import { ChangeDetectionStrategy, Component, inject, signal, viewChild } from '@angular/core';
import { ReactiveFormsModule, type AbstractControl } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { MatStepper, MatStepperModule } from '@angular/material/stepper';
import { Router, RouterLink } from '@angular/router';
import { apiErrorMessage, FleetSummaryStore, RolloutsApi, VersionsStore } from '@fleet/console/data-access';
import { RolloutPreviewTable, VersionPicker } from '@fleet/console/ui';
import type { RolloutPreview } from '@fleet/shared/contracts';
import { finalize } from 'rxjs';
import { Notifier } from '../shared/notifier';
import { RulesStep } from './rules-step';
import { ScheduleStep } from './schedule-step';
import { StagesStep } from './stages-step';
import { wizardForm } from './wizard-form';
import { createBodyOf, definitionOf } from './wizard-payload';
import { errorText } from './wizard-validators';

export const PREVIEW_STEP = 4;

/** `/rollouts/new` (operator+): version, stages, rules, windows and start, then a dry run before anything is created. */
@Component({
  selector: 'fleet-rollout-wizard-page',
  imports: [
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatProgressSpinnerModule,
    MatStepperModule,
    ReactiveFormsModule,
    RolloutPreviewTable,
    RouterLink,
    RulesStep,
    ScheduleStep,
    StagesStep,
    VersionPicker,
  ],
  templateUrl: './rollout-wizard-page.html',
  styleUrl: './rollout-wizard-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RolloutWizardPage {
  protected readonly versions = inject(VersionsStore);
  protected readonly fleet = inject(FleetSummaryStore);
  private readonly api = inject(RolloutsApi);
  private readonly router = inject(Router);
  private readonly notifier = inject(Notifier);
  private readonly stepper = viewChild.required(MatStepper);

  protected readonly form = wizardForm();
  protected readonly version = signal<string | null>(null);
  protected readonly preview = signal<RolloutPreview | null>(null);
  protected readonly previewError = signal<string | null>(null);
  protected readonly previewing = signal(false);
  protected readonly createError = signal<string | null>(null);
  protected readonly creating = signal(false);
  protected readonly err = errorText;

  constructor() {
    this.versions.ensureLoaded();
  }

  protected setVersion(version: string | null): void {
    this.version.set(version);
    const control = this.form.controls.release.controls.version;
    control.setValue(version ?? '');
    control.markAsTouched();
  }

  /** On to the next step, or show every message of this one. */
  protected next(step: AbstractControl): void {
    step.markAllAsTouched();
    if (step.valid) this.stepper().next();
  }

  protected onStep(event: StepperSelectionEvent): void {
    if (event.selectedIndex === PREVIEW_STEP) this.runPreview();
  }

  protected runPreview(): void {
    this.previewing.set(true);
    this.preview.set(null);
    this.previewError.set(null);
    this.api
      .preview(definitionOf(this.form.getRawValue()))
      .pipe(finalize(() => this.previewing.set(false)))
      .subscribe({
        next: (preview) => this.preview.set(preview),
        error: (error: unknown) => this.previewError.set(apiErrorMessage(error)),
      });
  }

  protected createLabel(): string {
    const mode = this.form.controls.when.controls.schedule.controls.mode.value;
    return mode === 'now' ? 'Create and start' : mode === 'at' ? 'Create and schedule' : 'Save draft';
  }

  protected create(): void {
    this.form.markAllAsTouched();
    if (this.form.invalid) {
      this.createError.set('Some fields need attention; go back to the steps marked in red.');
      return;
    }
    this.creating.set(true);
    this.createError.set(null);
    this.api
      .create(createBodyOf(this.form.getRawValue()))
      .pipe(finalize(() => this.creating.set(false)))
      .subscribe({
        next: (view) => {
          this.notifier.info(`Rollout ${view.name} created: ${view.status}`);
          void this.router.navigate(['/rollouts', view.id]);
        },
        error: (error: unknown) => this.createError.set(apiErrorMessage(error)),
      });
  }
}
