import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, input, linkedSignal, model, signal } from '@angular/core';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatPaginatorModule, type PageEvent } from '@angular/material/paginator';
import { MatSelectModule } from '@angular/material/select';
import { MatTableModule } from '@angular/material/table';
import type { CarBucket, RolloutCarView } from '@fleet/shared/contracts';
import { BUCKET_LABELS, BUCKET_ORDER } from '../rollout-labels';

export const ROLLOUT_CARS_PAGE_SIZE = 25;

/** Every car of a rollout with its bucket and the reason, filtered by bucket or car id and paged on the client. */
@Component({
  selector: 'fleet-rollout-cars',
  imports: [DatePipe, MatFormFieldModule, MatInputModule, MatPaginatorModule, MatSelectModule, MatTableModule],
  templateUrl: './rollout-cars-table.html',
  styleUrl: './rollout-cars-table.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RolloutCarsTable {
  readonly cars = input.required<readonly RolloutCarView[]>();
  /** Only cars in this bucket; null for all. */
  readonly bucket = model<CarBucket | null>(null);
  readonly search = model('');

  protected readonly columns = ['carId', 'stage', 'bucket', 'reason', 'attempts', 'fromVersion', 'dispatchedAt', 'updatedAt'];
  protected readonly labels = BUCKET_LABELS;
  /** Back to the first page whenever the filter changes. */
  private readonly requestedPage = linkedSignal({ source: () => [this.bucket(), this.search()], computation: () => 0 });
  protected readonly pageSize = signal(ROLLOUT_CARS_PAGE_SIZE);

  /** The buckets that hold cars, with their counts, for the filter. */
  protected readonly buckets = computed(() => {
    const counts = new Map<CarBucket, number>();
    for (const car of this.cars()) counts.set(car.bucket, (counts.get(car.bucket) ?? 0) + 1);
    return BUCKET_ORDER.filter((b) => counts.has(b) || b === this.bucket()).map((b) => ({ bucket: b, count: counts.get(b) ?? 0 }));
  });
  protected readonly filtered = computed(() => {
    const bucket = this.bucket();
    const text = this.search().trim().toLowerCase();
    return this.cars().filter((car) => (bucket === null || car.bucket === bucket) && (!text || car.carId.toLowerCase().includes(text)));
  });
  /** A page past the end (cars left the filter) shows the last one. */
  protected readonly pageIndex = computed(() =>
    Math.min(this.requestedPage(), Math.max(0, Math.ceil(this.filtered().length / this.pageSize()) - 1)),
  );
  protected readonly page = computed(() => {
    const start = this.pageIndex() * this.pageSize();
    return this.filtered().slice(start, start + this.pageSize());
  });

  protected bucketLabel(car: RolloutCarView): string {
    return BUCKET_LABELS[car.bucket];
  }

  protected onPage(event: PageEvent): void {
    this.requestedPage.set(event.pageIndex);
    this.pageSize.set(event.pageSize);
  }
}
