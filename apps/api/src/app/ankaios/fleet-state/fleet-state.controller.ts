import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { FleetStateQueryDto } from '@fleet/shared/contracts';
import type {
  CompleteState,
  FleetCompleteState,
} from '@fleet/shared/contracts';
import { FleetStateService } from './fleet-state.service';

@ApiTags('ankaios')
@Controller('ankaios')
export class FleetStateController {
  constructor(private readonly fleetState: FleetStateService) {}

  /**
   * The fleet's CompleteState in the camelCase shape of `ank get state -o json`. Desired workloads and configs
   * are keyed by agent (each car is its own cluster, workload names are per car); with `agent` the answer is
   * that car's own CompleteState, unchanged Ankaios. Disconnected agents' workloads show AgentDisconnected.
   */
  @Get('state')
  getFleetState(
    @Query() query: FleetStateQueryDto,
  ): Partial<FleetCompleteState> | Partial<CompleteState> {
    return this.fleetState.state(query);
  }
}
