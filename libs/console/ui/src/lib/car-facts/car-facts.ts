import { DatePipe, DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { CarView } from '@fleet/shared/contracts';
import { VEHICLE_STATE_LABELS } from '../status/labels';

/** The facts of one car: vehicle, software, agent process. */
@Component({
  selector: 'fleet-car-facts',
  imports: [DatePipe, DecimalPipe],
  templateUrl: './car-facts.html',
  styleUrl: './car-facts.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CarFacts {
  readonly car = input.required<CarView>();
  protected readonly vehicleLabels = VEHICLE_STATE_LABELS;
  protected readonly mib = 1024 * 1024;
}
