import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { formatExecutionState, type ExecutionState } from '@fleet/shared/contracts';
import { executionTone } from './labels';

/** An Ankaios execution state as `State(SubState)`, colour-coded by its state. */
@Component({
  selector: 'fleet-execution-state',
  template: `<span class="dot" aria-hidden="true"></span>{{ text() }}`,
  styleUrl: './execution-state-badge.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { '[class]': '"tone-" + tone()', '[attr.data-tone]': 'tone()', '[attr.title]': 'state().additionalInfo || null' },
})
export class ExecutionStateBadge {
  readonly state = input.required<ExecutionState>();
  protected readonly text = computed(() => formatExecutionState(this.state()));
  protected readonly tone = computed(() => executionTone(this.state().state));
}
