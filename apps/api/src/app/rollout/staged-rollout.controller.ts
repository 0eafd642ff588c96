import { Body, Controller, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { StagedRolloutDto } from '@fleet/shared/contracts';
import type { Principal, RolloutView } from '@fleet/shared/contracts';
import { CurrentUser } from '../auth/decorators';
import { RolloutsService } from './rollouts.service';

@ApiTags('rollouts')
@Controller('cars')
export class StagedRolloutController {
  constructor(private readonly rollouts: RolloutsService) {}

  /** The seed's one-call rollout: region by region, each after the previous stayed healthy for the success window. */
  @Post('staged-rollout')
  createStagedRollout(
    @Body() dto: StagedRolloutDto,
    @CurrentUser() user?: Principal,
  ): Promise<RolloutView> {
    return this.rollouts.createStaged(dto, user);
  }
}
