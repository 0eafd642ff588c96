import { DatePipe, DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatIconModule } from '@angular/material/icon';
import { MatTooltipModule } from '@angular/material/tooltip';
import type { CarView } from '@fleet/shared/contracts';
import { CarStatusBadge } from '../status/car-status-badge';
import { VEHICLE_STATE_LABELS } from '../status/labels';

/** One car in the grid; the stable `data-*` hooks are used by the browser tests. */
@Component({
  selector: 'fleet-car-row',
  imports: [CarStatusBadge, DatePipe, DecimalPipe, MatButtonModule, MatCheckboxModule, MatIconModule, MatTooltipModule],
  templateUrl: './car-row.html',
  styleUrl: './car-row.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: {
    role: 'row',
    'data-testid': 'car-row',
    '[attr.data-car-id]': 'car().id',
    '[attr.data-display]': 'car().display',
    '[attr.data-connection]': 'car().connection',
  },
})
export class CarRow {
  readonly car = input.required<CarView>();
  /** A request for this car is in flight. */
  readonly busy = input(false);
  /** False for viewers: no selection, no state toggle, no delete. */
  readonly canWrite = input(true);
  readonly selected = input(false);
  readonly selectedChange = output<boolean>();
  readonly toggleState = output<CarView>();
  readonly deleteCar = output<CarView>();
  readonly openCar = output<CarView>();

  protected readonly vehicleLabel = computed(() => VEHICLE_STATE_LABELS[this.car().vehicleState]);
  protected readonly toggleLabel = computed(() => (this.car().vehicleState === 'parked' ? 'Drive' : 'Park'));
  /** The agent must be connected to take a command (the API answers 409 otherwise). */
  protected readonly canToggle = computed(() => this.car().connection === 'online' && !this.busy());
}
