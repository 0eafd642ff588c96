import { ScrollingModule, type CdkVirtualScrollViewport } from '@angular/cdk/scrolling';
import { ChangeDetectionStrategy, Component, computed, input, model, output, viewChild } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import type { CarView } from '@fleet/shared/contracts';
import { CarRow } from './car-row';

export const CAR_ROW_HEIGHT = 48;
/** Ask for the next page when this few loaded rows remain below the viewport. */
const LOAD_AHEAD_ROWS = 40;

const NO_BUSY: ReadonlySet<string> = new Set();

/** The fleet grid: virtual-scrolled rows of fixed height, so 10,000 cars render as a screenful. */
@Component({
  selector: 'fleet-car-grid',
  imports: [CarRow, MatButtonModule, MatCheckboxModule, MatProgressBarModule, ScrollingModule],
  templateUrl: './car-grid.html',
  styleUrl: './car-grid.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CarGrid {
  readonly cars = input.required<readonly CarView[]>();
  /** Every car matching the filter, loaded or not. */
  readonly total = input(0);
  readonly loading = input(false);
  readonly busyIds = input<ReadonlySet<string>>(NO_BUSY);
  readonly emptyText = input('No cars match the filter.');
  /** False for viewers: no selection, toggle or delete controls. */
  readonly canWrite = input(true);
  /** Ids of the selected cars (for bulk update and rollback); may include cars not loaded. */
  readonly selected = model<ReadonlySet<string>>(NO_BUSY);
  readonly toggleState = output<CarView>();
  readonly deleteCar = output<CarView>();
  readonly openCar = output<CarView>();
  readonly loadMore = output<void>();

  protected readonly rowHeight = CAR_ROW_HEIGHT;
  protected readonly allSelected = computed(() => {
    const cars = this.cars();
    return cars.length > 0 && cars.every((car) => this.selected().has(car.id));
  });
  protected readonly someSelected = computed(() => !this.allSelected() && this.cars().some((car) => this.selected().has(car.id)));
  private readonly viewport = viewChild<CdkVirtualScrollViewport>('viewport');

  protected trackById(_: number, car: CarView): string {
    return car.id;
  }

  protected select(car: CarView, on: boolean): void {
    const next = new Set(this.selected());
    if (on) next.add(car.id);
    else next.delete(car.id);
    this.selected.set(next);
  }

  protected selectAll(on: boolean): void {
    this.selected.set(on ? new Set(this.cars().map((car) => car.id)) : new Set());
  }

  protected onScrolled(firstVisible: number): void {
    const visible = Math.ceil((this.viewport()?.getViewportSize() ?? 0) / this.rowHeight);
    const loaded = this.cars().length;
    if (loaded < this.total() && !this.loading() && firstVisible + visible + LOAD_AHEAD_ROWS >= loaded) {
      this.loadMore.emit();
    }
  }
}
