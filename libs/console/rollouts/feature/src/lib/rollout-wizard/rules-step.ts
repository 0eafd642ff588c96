import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { ReactiveFormsModule } from '@angular/forms';
import { MatRadioModule } from '@angular/material/radio';
import { NumberField } from './number-field';
import type { rulesGroup } from './wizard-form';

/** The rules of every stage: soak, thresholds, timeouts, retries, rate limits and what a failed stage does. */
@Component({
  selector: 'fleet-rules-step',
  imports: [MatRadioModule, NumberField, ReactiveFormsModule],
  template: `
    <h3>Health gate</h3>
    <div class="row">
      <fleet-number-field [control]="rules().controls.soakSeconds" label="Soak window" suffix="s" hint="Healthy this long on the new version counts as success" testId="rule-soak" />
      <fleet-number-field [control]="rules().controls.successThresholdPct" label="Success threshold" suffix="%" hint="Share of counted cars that must succeed" testId="rule-success" />
      <fleet-number-field
        [control]="rules().controls.errorThresholdPct"
        label="Error threshold"
        suffix="%"
        [placeholder]="'100 - success = ' + (100 - (rules().controls.successThresholdPct.value ?? 100))"
        hint="The stage fails early above this share of failed cars"
        testId="rule-error"
      />
      <fleet-number-field [control]="rules().controls.errorMinSample" label="Minimum sample" suffix="cars" hint="Finished cars before the error threshold applies" testId="rule-min-sample" />
    </div>
    <h3>Timeouts and retries</h3>
    <div class="row">
      <fleet-number-field [control]="rules().controls.inProgressTimeoutSeconds" label="In-progress timeout" suffix="s" hint="No result after this long: failed" testId="rule-in-progress" />
      <fleet-number-field [control]="rules().controls.unreachableTimeoutSeconds" label="Unreachable after" suffix="s" hint="Offline this long: given up, not failed" testId="rule-unreachable" />
      <fleet-number-field [control]="rules().controls.stageDeadlineSeconds" label="Stage deadline" suffix="s" hint="Cars still waiting then are skipped" testId="rule-deadline" />
      <fleet-number-field [control]="rules().controls.maxRetries" label="Retries" hint="Of a refused send or a missing answer" testId="rule-retries" />
      <fleet-number-field [control]="rules().controls.retryBackoffSeconds" label="Retry backoff" suffix="s" hint="Doubles with every retry" testId="rule-backoff" />
    </div>
    <h3>Rate limits</h3>
    <div class="row">
      <fleet-number-field [control]="rules().controls.maxConcurrent" label="Max concurrent" suffix="cars" hint="Updates in flight at once per stage" testId="rule-concurrent" />
      <fleet-number-field [control]="rules().controls.maxPerMinute" label="Max per minute" suffix="cars" hint="Sends per minute per stage" testId="rule-per-minute" />
    </div>
    <h3 id="on-failure-label">When a stage fails</h3>
    <mat-radio-group class="modes" [formControl]="rules().controls.onFailure" aria-labelledby="on-failure-label" data-testid="rule-on-failure">
      <mat-radio-button value="rollback">Roll the stage's cars back and end the rollout</mat-radio-button>
      <mat-radio-button value="pause">Pause the rollout for a decision</mat-radio-button>
      <mat-radio-button value="continue">Go on with the next stage</mat-radio-button>
    </mat-radio-group>
  `,
  styleUrl: './wizard-steps.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RulesStep {
  readonly rules = input.required<ReturnType<typeof rulesGroup>>();
}
