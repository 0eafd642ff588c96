import { Injectable, NotFoundException } from '@nestjs/common';
import { fieldMasksOf, pageWindow } from '@fleet/shared/contracts';
import type {
  CompleteState,
  FleetCompleteState,
  FleetStateQueryDto,
} from '@fleet/shared/contracts';
import { filterByMasks } from '@fleet/shared/ankaios/util';
import { FleetStateMirror } from './fleet-state.mirror';
import { pageHeaders } from './page-headers';

/** The body in Ankaios' shape; paging, for the fleet view, in headers. */
export interface FleetStateReply {
  body: Partial<FleetCompleteState> | Partial<CompleteState>;
  headers: Record<string, string>;
}

/**
 * `ank get state -o json [masks]` for one page of the fleet's agents (sorted by name, optionally of one region),
 * or for one car with `agent`.
 */
@Injectable()
export class FleetStateService {
  constructor(private readonly mirror: FleetStateMirror) {}

  /** `url`: the request's path and query, from which the `Link` header's pages are built. */
  state(query: FleetStateQueryDto, url: string): FleetStateReply {
    const masks = fieldMasksOf(query.mask);
    if (query.agent !== undefined) {
      const car = this.mirror.carState(query.agent);
      if (!car) throw new NotFoundException(`car ${query.agent} not found`);
      return { body: filterByMasks(car, masks), headers: {} };
    }
    const { page, pageSize, start, end } = pageWindow(query);
    const { state, total } = this.mirror.fleetPage(query.region, start, end);
    return {
      body: filterByMasks(state, masks),
      headers: pageHeaders(url, { page, pageSize, total }),
    };
  }
}
