import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import type { RolloutStageStatus, RolloutStatus } from '@fleet/shared/contracts';
import { ROLLOUT_STATUS_ICONS, ROLLOUT_STATUS_LABELS, ROLLOUT_TONES, STAGE_STATUS_LABELS, STAGE_TONES } from './rollout-labels';

/** The status of a rollout (or, with `[stage]="true"`, of a stage), with an icon and a text label. */
@Component({
  selector: 'fleet-rollout-status',
  imports: [MatIconModule],
  template: `@if (icon(); as icon) {<mat-icon aria-hidden="true">{{ icon }}</mat-icon>}<span class="label">{{ label() }}</span>`,
  styles: `
    :host {
      display: inline-flex;
      align-items: center;
      gap: 4px;
      padding: 2px 8px;
      border-radius: 12px;
      font: var(--mat-sys-label-medium);
      white-space: nowrap;
      background: #eceff1;
      color: #3c4043;
    }
    mat-icon {
      font-size: 16px;
      width: 16px;
      height: 16px;
    }
    :host(.tone-active) { background: #e8f0fe; color: #174ea6; }
    :host(.tone-ok) { background: #e6f4ea; color: #137333; }
    :host(.tone-warn) { background: #fef7e0; color: #7a4f01; }
    :host(.tone-failed) { background: #fce8e6; color: #b3261e; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { '[class]': '"tone-" + tone()', '[attr.data-status]': 'status()' },
})
export class RolloutStatusChip {
  readonly status = input.required<RolloutStatus | RolloutStageStatus>();
  readonly stage = input(false);

  protected readonly label = computed(() =>
    this.stage() ? STAGE_STATUS_LABELS[this.status() as RolloutStageStatus] : ROLLOUT_STATUS_LABELS[this.status() as RolloutStatus],
  );
  protected readonly icon = computed(() => (this.stage() ? null : ROLLOUT_STATUS_ICONS[this.status() as RolloutStatus]));
  protected readonly tone = computed(() =>
    this.stage() ? STAGE_TONES[this.status() as RolloutStageStatus] : ROLLOUT_TONES[this.status() as RolloutStatus],
  );
}
