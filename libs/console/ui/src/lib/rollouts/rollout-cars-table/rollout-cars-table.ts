import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, input, model, output } from '@angular/core';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatPaginatorModule, type PageEvent } from '@angular/material/paginator';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatTableModule } from '@angular/material/table';
import type { CarBucket, RolloutCarView, RolloutStageView } from '@fleet/shared/contracts';
import { BUCKET_LABELS, BUCKET_ORDER } from '../rollout-labels';

/**
 * One page of a rollout's cars with their bucket and reason. Filtering and paging happen on the server: the
 * stage, bucket and car-id text are models, the paginator emits `pageChange`; the parent fetches the page.
 */
@Component({
  selector: 'fleet-rollout-cars',
  imports: [DatePipe, MatFormFieldModule, MatInputModule, MatPaginatorModule, MatProgressBarModule, MatSelectModule, MatTableModule],
  templateUrl: './rollout-cars-table.html',
  styleUrl: './rollout-cars-table.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RolloutCarsTable {
  /** The shown page. */
  readonly cars = input.required<readonly RolloutCarView[]>();
  /** Every car that matches the filter. */
  readonly total = input(0);
  /** The rollout's stages: the stage filter's choices, and the bucket counts its filter offers. */
  readonly stages = input<readonly RolloutStageView[]>([]);
  /** 0-based, as the paginator counts. */
  readonly pageIndex = input(0);
  readonly pageSize = input(25);
  readonly loading = input(false);
  /** Only cars of this stage (index); null for all. */
  readonly stage = model<number | null>(null);
  /** Only cars in this bucket; null for all. */
  readonly bucket = model<CarBucket | null>(null);
  /** Car-id text as typed. */
  readonly search = model('');
  readonly pageChange = output<PageEvent>();

  protected readonly columns = ['carId', 'stage', 'bucket', 'reason', 'attempts', 'fromVersion', 'dispatchedAt', 'updatedAt'];
  protected readonly labels = BUCKET_LABELS;
  protected readonly pageSizes = [10, 25, 100];

  /** The chosen stage, or all of them. */
  private readonly shownStages = computed(() => {
    const stage = this.stage();
    return stage === null ? this.stages() : this.stages().filter((s) => s.index === stage);
  });
  protected readonly carCount = computed(() => this.shownStages().reduce((sum, s) => sum + s.total, 0));
  /** The buckets that hold cars (in the chosen stage), with the rollout's live counts. */
  protected readonly buckets = computed(() => {
    const count = (bucket: CarBucket) => this.shownStages().reduce((sum, s) => sum + s.counts[bucket], 0);
    return BUCKET_ORDER.map((bucket) => ({ bucket, count: count(bucket) })).filter((b) => b.count > 0 || b.bucket === this.bucket());
  });
  protected readonly filtered = computed(() => this.stage() !== null || this.bucket() !== null || this.search().trim() !== '');

  protected bucketLabel(car: RolloutCarView): string {
    return BUCKET_LABELS[car.bucket];
  }
}
