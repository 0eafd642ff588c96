import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { FleetStateQueryDto } from '@fleet/shared/contracts';
import type {
  CompleteState,
  FleetCompleteState,
} from '@fleet/shared/contracts';
import { FleetStateService } from './fleet-state.service';
import { LINK_HEADER, TOTAL_COUNT_HEADER } from './page-headers';

@ApiTags('ankaios')
@Controller('ankaios')
export class FleetStateController {
  constructor(private readonly fleetState: FleetStateService) {}

  /**
   * The fleet's CompleteState in the camelCase shape of `ank get state -o json`, one page of agents (cars) at a
   * time, sorted by agent name (optionally of one `region`); masks apply to that page. Desired workloads and
   * configs are keyed by agent (each car is its own cluster, workload names are per car); with `agent` the answer
   * is that car's own CompleteState, unchanged Ankaios, without paging. Disconnected agents' workloads show
   * AgentDisconnected. Paging is reported in headers so that the body keeps Ankaios' shape.
   */
  @Get('state')
  @ApiOkResponse({
    description:
      'FleetCompleteState of one page of agents (CompleteState with `agent`), filtered by the masks',
    headers: {
      [TOTAL_COUNT_HEADER]: {
        description:
          'Agents matching the query (all pages); absent with `agent`',
        schema: { type: 'integer' },
      },
      [LINK_HEADER]: {
        description:
          'RFC 8288 links to the neighbouring pages, rel="next" and rel="prev" where they exist: the request\'s path and query with `page` and `pageSize` replaced, e.g. `</api/ankaios/state?mask=agents&page=2&pageSize=50>; rel="next"`',
        schema: { type: 'string' },
      },
    },
  })
  getFleetState(
    @Query() query: FleetStateQueryDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Partial<FleetCompleteState> | Partial<CompleteState> {
    const { body, headers } = this.fleetState.state(query, req.originalUrl);
    res.set(headers);
    return body;
  }
}
