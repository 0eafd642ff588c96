import { ChangeDetectionStrategy, Component, input, model } from '@angular/core';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { CAR_DISPLAY_STATUSES, type CarDisplayStatus } from '@fleet/shared/contracts';
import { DISPLAY_LABELS } from '../status/labels';

export interface CarFilterValue {
  region?: string;
  status?: CarDisplayStatus;
  search?: string;
}

/** Region, status and id search; emits on every change (the store debounces). */
@Component({
  selector: 'fleet-car-filters',
  imports: [MatFormFieldModule, MatIconModule, MatInputModule, MatSelectModule],
  templateUrl: './car-filters.html',
  styles: `
    :host { display: flex; flex-wrap: wrap; gap: 12px; align-items: center; }
    .search { min-width: 240px; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CarFilters {
  readonly regions = input<readonly string[]>([]);
  readonly value = model<CarFilterValue>({});

  protected readonly statuses = CAR_DISPLAY_STATUSES;
  protected readonly labels = DISPLAY_LABELS;

  protected patch(change: Partial<CarFilterValue>): void {
    this.value.update((value) => ({ ...value, ...change }));
  }
}
