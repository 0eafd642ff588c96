import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Query,
} from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  CreateRolloutDto,
  EmergencyStopDto,
  ListRolloutCarsQueryDto,
  ListRolloutsQueryDto,
  StartRolloutDto,
} from '@fleet/shared/contracts';
import type {
  EmergencyStopResult,
  Page,
  Principal,
  RolloutCarView,
  RolloutPreview,
  RolloutView,
} from '@fleet/shared/contracts';
import { CurrentUser, Roles } from '../auth/decorators';
import { RolloutsService } from './rollouts.service';

@ApiTags('rollouts')
@Controller('rollouts')
export class RolloutsController {
  constructor(private readonly rollouts: RolloutsService) {}

  /** One page of rollouts, newest first, optionally of one status or version; `total` counts every match. */
  @Get()
  listRollouts(@Query() query: ListRolloutsQueryDto): Page<RolloutView> {
    return this.rollouts.page(query);
  }

  /** Creates a rollout (a draft unless `start` or `startAt`); 404 for an unknown version. */
  @Post()
  createRollout(
    @Body() dto: CreateRolloutDto,
    @CurrentUser() user?: Principal,
  ): Promise<RolloutView> {
    return this.rollouts.create(dto, user);
  }

  /** Dry run: per stage, how many cars are eligible, waiting, unreachable or incompatible now. Changes nothing. */
  @Post('preview')
  @HttpCode(HttpStatus.OK)
  previewRollout(@Body() dto: CreateRolloutDto): Promise<RolloutPreview> {
    return this.rollouts.preview(dto);
  }

  /** Stops every rollout: `freeze` (nothing new is sent) or `freeze-and-revert` (admin: also rolls back). */
  @Post('emergency-stop')
  @HttpCode(HttpStatus.OK)
  stopAllRollouts(
    @Body() dto: EmergencyStopDto,
    @CurrentUser() user?: Principal,
  ): Promise<EmergencyStopResult> {
    return this.rollouts.emergencyStop(dto, user);
  }

  @Get(':id')
  getRollout(@Param('id') id: string): Promise<RolloutView> {
    return this.rollouts.get(id);
  }

  /** One page of the rollout's cars with bucket and reason, optionally of one stage (index) and bucket. */
  @Get(':id/cars')
  listRolloutCars(
    @Param('id') id: string,
    @Query() query: ListRolloutCarsQueryDto,
  ): Promise<Page<RolloutCarView>> {
    return this.rollouts.cars(id, query);
  }

  /** Starts a draft now or at `at` (subject to approval); 409 unless a draft. */
  @Post(':id/start')
  @HttpCode(HttpStatus.OK)
  startRollout(
    @Param('id') id: string,
    @Body() dto: StartRolloutDto,
    @CurrentUser() user?: Principal,
  ): Promise<RolloutView> {
    return this.rollouts.start(id, dto.at, user);
  }

  @Post(':id/pause')
  @HttpCode(HttpStatus.OK)
  pauseRollout(
    @Param('id') id: string,
    @CurrentUser() user?: Principal,
  ): Promise<RolloutView> {
    return this.rollouts.pause(id, user);
  }

  /** Resumes a paused or frozen rollout (or declines a pending revert). */
  @Post(':id/resume')
  @HttpCode(HttpStatus.OK)
  resumeRollout(
    @Param('id') id: string,
    @CurrentUser() user?: Principal,
  ): Promise<RolloutView> {
    return this.rollouts.resume(id, user);
  }

  /** Starts the next stage now, without waiting for the current one. */
  @Post(':id/next-stage')
  @HttpCode(HttpStatus.OK)
  triggerNextStage(
    @Param('id') id: string,
    @CurrentUser() user?: Principal,
  ): Promise<RolloutView> {
    return this.rollouts.nextStage(id, user);
  }

  @Post(':id/cancel')
  @HttpCode(HttpStatus.OK)
  cancelRollout(
    @Param('id') id: string,
    @CurrentUser() user?: Principal,
  ): Promise<RolloutView> {
    return this.rollouts.cancel(id, user);
  }

  /** Rolls back every car the rollout updated (after approval when the rollout requires it). */
  @Post(':id/rollback')
  @HttpCode(HttpStatus.OK)
  rollbackRollout(
    @Param('id') id: string,
    @CurrentUser() user?: Principal,
  ): Promise<RolloutView> {
    return this.rollouts.rollback(id, user);
  }

  /** Approves the pending start or revert; an admin other than the one who asked (403 otherwise). */
  @Post(':id/approve')
  @HttpCode(HttpStatus.OK)
  @Roles('admin')
  approveRollout(
    @Param('id') id: string,
    @CurrentUser() user?: Principal,
  ): Promise<RolloutView> {
    return this.rollouts.approve(id, user);
  }
}
