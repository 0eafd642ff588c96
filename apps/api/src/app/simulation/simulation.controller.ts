import { Body, Controller, Get, ParseArrayPipe, Put } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import { FaultRuleDto } from '@fleet/shared/contracts';
import type { FaultRuleSet } from '@fleet/shared/contracts';
import { FaultRulesService } from './fault-rules.service';

const RULES_PIPE = new ParseArrayPipe({
  items: FaultRuleDto,
  whitelist: true,
  forbidNonWhitelisted: true,
});

@ApiTags('simulation')
@Controller('simulation')
export class SimulationController {
  constructor(private readonly faults: FaultRulesService) {}

  /** The fault-injection rules the simulated cars apply. */
  @Get('faults')
  getFaultRules(): FaultRuleSet {
    return this.faults.get();
  }

  /**
   * Replaces the fault-injection rules (at most 100); the cars apply them to the workloads they start from then
   * on. Kept across restarts.
   */
  @Put('faults')
  @ApiBody({ type: [FaultRuleDto] })
  setFaultRules(
    @Body(RULES_PIPE) rules: FaultRuleDto[],
  ): Promise<FaultRuleSet> {
    return this.faults.replace(rules);
  }
}
