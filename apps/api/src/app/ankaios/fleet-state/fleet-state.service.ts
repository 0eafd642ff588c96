import { Injectable, NotFoundException } from '@nestjs/common';
import { fieldMasksOf } from '@fleet/shared/contracts';
import type {
  CompleteState,
  FleetCompleteState,
  FleetStateQueryDto,
} from '@fleet/shared/contracts';
import { filterByMasks } from '@fleet/shared/ankaios/util';
import { FleetStateMirror } from './fleet-state.mirror';

/** `ank get state -o json [masks]` for the fleet, or for one car with `agent`. */
@Injectable()
export class FleetStateService {
  constructor(private readonly mirror: FleetStateMirror) {}

  state(
    query: FleetStateQueryDto,
  ): Partial<FleetCompleteState> | Partial<CompleteState> {
    const masks = fieldMasksOf(query.mask);
    if (query.agent === undefined)
      return filterByMasks(this.mirror.fleetState(), masks);
    const car = this.mirror.carState(query.agent);
    if (!car) throw new NotFoundException(`car ${query.agent} not found`);
    return filterByMasks(car, masks);
  }
}
