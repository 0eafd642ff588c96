import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import type { CarBucket, RolloutStageView } from '@fleet/shared/contracts';
import { BUCKET_LABELS, BUCKET_ORDER, HEADLINE_BUCKETS, SETTLED_BUCKETS } from '../rollout-labels';
import { RolloutStatusChip } from '../rollout-status-chip';

export interface ReasonCount {
  reason: string;
  count: number;
}

/**
 * One stage's progress: a determinate bar of the settled share, the cars stacked by bucket, a legend with the
 * counts (each a button that asks for those cars: `showCars`), why cars wait, and the stage's rules and reason.
 */
@Component({
  selector: 'fleet-stage-progress',
  imports: [MatProgressBarModule, RolloutStatusChip],
  templateUrl: './stage-progress.html',
  styleUrl: './stage-progress.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: {
    'data-testid': 'stage-progress',
    '[attr.data-stage]': 'stage().name',
    '[attr.data-status]': 'stage().status',
    '[class.current]': 'current()',
  },
})
export class StageProgress {
  readonly stage = input.required<RolloutStageView>();
  /** The stage the rollout is at. */
  readonly current = input(false);
  /** Why its waiting cars wait (from the per-car table), most common first. */
  readonly waitingReasons = input<readonly ReasonCount[]>([]);
  /** A bucket's count was clicked: show the stage's cars in that bucket. */
  readonly showCars = output<CarBucket>();

  protected readonly settled = computed(() => SETTLED_BUCKETS.reduce((sum, b) => sum + this.stage().counts[b], 0));
  protected readonly settledPct = computed(() => {
    const total = this.stage().total;
    return total === 0 ? 0 : Math.round((this.settled() / total) * 100);
  });
  protected readonly segments = computed(() =>
    BUCKET_ORDER.filter((bucket) => this.stage().counts[bucket] > 0).map((bucket) => ({
      bucket,
      count: this.stage().counts[bucket],
      label: `${BUCKET_LABELS[bucket]}: ${this.stage().counts[bucket]}`,
    })),
  );
  protected readonly waitingText = computed(() => this.waitingReasons().map((r) => `${r.reason} (${r.count})`).join(', '));
  protected readonly legend = computed(() =>
    BUCKET_ORDER.filter((bucket) => HEADLINE_BUCKETS.includes(bucket) || this.stage().counts[bucket] > 0).map((bucket) => ({
      bucket,
      count: this.stage().counts[bucket],
      label: BUCKET_LABELS[bucket],
    })),
  );
}
