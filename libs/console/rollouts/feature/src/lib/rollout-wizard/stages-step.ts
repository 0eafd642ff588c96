import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { ReactiveFormsModule, type FormArray } from '@angular/forms';
import { MatAutocompleteModule } from '@angular/material/autocomplete';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { MAX_ROLLOUT_STAGES, STAGE_FAILURE_POLICIES, type StageFailurePolicy, type StagePolicy } from '@fleet/shared/contracts';
import { NumberField } from './number-field';
import { selectTarget, stageGroup, type StageGroup, type StageRulesGroup, type StageTarget } from './wizard-form';
import { errorText } from './wizard-validators';

/** A stage rule entered as a whole number; left empty, the stage takes the rollout's value. */
interface RuleField {
  key: Exclude<keyof StageRulesGroup['controls'] & keyof StagePolicy, 'onFailure'>;
  label: string;
  suffix: string;
  hint: string;
  /** Followed by `-<stage index>`. */
  testId: string;
}

const RULE_FIELDS: readonly RuleField[] = [
  { key: 'successThresholdPct', label: 'Success threshold', suffix: '%', hint: "Empty: the rollout's", testId: 'stage-success' },
  { key: 'errorThresholdPct', label: 'Error threshold', suffix: '%', hint: 'Fails early above this share of failed cars', testId: 'stage-error' },
  { key: 'errorMinSample', label: 'Minimum sample', suffix: 'cars', hint: 'Finished cars before the error threshold applies', testId: 'stage-min-sample' },
  { key: 'inProgressTimeoutSeconds', label: 'In-progress timeout', suffix: 's', hint: 'Per car: no result after this long is failed', testId: 'stage-in-progress' },
  { key: 'maxConcurrent', label: 'Max concurrent', suffix: 'cars', hint: 'Updates in flight at once', testId: 'stage-concurrent' },
];

/** The stages in order: each a region, a list of cars, a percentage or a batch of the cars left, with its own soak and rules. */
@Component({
  selector: 'fleet-stages-step',
  imports: [MatAutocompleteModule, MatButtonModule, MatFormFieldModule, MatIconModule, MatInputModule, MatSelectModule, NumberField, ReactiveFormsModule],
  templateUrl: './stages-step.html',
  styleUrl: './wizard-steps.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class StagesStep {
  readonly stages = input.required<FormArray<StageGroup>>();
  /** Known regions, offered while typing. */
  readonly regions = input<readonly string[]>([]);
  /** The rollout's soak window, shown where a stage has none of its own. */
  readonly defaultSoak = input<number | null>(null);
  /** The rollout's rules, shown where a stage has none of its own. */
  readonly defaults = input<{ [K in keyof StagePolicy]?: StagePolicy[K] | null } | null>(null);

  protected readonly max = MAX_ROLLOUT_STAGES;
  protected readonly failurePolicies = STAGE_FAILURE_POLICIES;
  protected readonly failureLabels: Record<StageFailurePolicy, string> = {
    rollback: 'roll its cars back',
    pause: 'pause the rollout',
    continue: 'go on with the next stage',
  };
  protected readonly err = errorText;
  protected readonly ruleFields = RULE_FIELDS;

  /** The placeholder of a stage rule left empty: the rollout's value. */
  protected inherited(key: keyof StagePolicy): string {
    const value = this.defaults()?.[key];
    return value === undefined || value === null ? '' : `rollout: ${value}`;
  }

  protected select(stage: StageGroup, target: StageTarget): void {
    selectTarget(stage, target);
  }

  protected add(): void {
    this.stages().push(stageGroup());
  }

  protected remove(index: number): void {
    this.stages().removeAt(index);
  }

  protected move(index: number, by: -1 | 1): void {
    const stages = this.stages();
    const stage = stages.at(index);
    stages.removeAt(index, { emitEvent: false });
    stages.insert(index + by, stage);
  }

  protected matching(stage: StageGroup): readonly string[] {
    const typed = stage.controls.region.value.trim().toLowerCase();
    return this.regions().filter((r) => r.includes(typed));
  }
}
