import {
  BadRequestException,
  Body,
  Controller,
  Get,
  NotFoundException,
  Put,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { IsInt, IsISO8601, IsOptional, Max, Min } from 'class-validator';
import { Roles } from '../../auth/decorators';
import { Clock } from '../../common/clock';
import { MAX_CLOCK_OFFSET_MS, TestClock } from '../../common/test-clock';

/** `PUT /api/test/rollout-clock`: exactly one of `at` (ISO-8601) or `offsetMs`. */
export class SetTestClockDto {
  @IsOptional()
  @IsISO8601({ strict: true })
  at?: string;

  @IsOptional()
  @IsInt()
  @Min(-MAX_CLOCK_OFFSET_MS)
  @Max(MAX_CLOCK_OFFSET_MS)
  offsetMs?: number;
}

export interface TestClockView {
  now: string;
  offsetMs: number;
}

/**
 * Tests only, admins only: reads and moves the rollouts' clock. Without FLEET_TEST_CLOCK=1 every call answers 404,
 * as if the route did not exist. Left out of the OpenAPI document.
 */
@ApiExcludeController()
@Controller('test/rollout-clock')
@Roles('admin')
export class TestClockController {
  constructor(private readonly clock: Clock) {}

  @Get()
  getTestClock(): TestClockView {
    return this.view(this.testClock());
  }

  @Put()
  setTestClock(@Body() dto: SetTestClockDto): TestClockView {
    const clock = this.testClock();
    if ((dto.at === undefined) === (dto.offsetMs === undefined))
      throw new BadRequestException('give exactly one of at, offsetMs');
    try {
      if (dto.at !== undefined) clock.setNow(new Date(dto.at));
      else clock.setOffset(dto.offsetMs ?? 0);
    } catch (error) {
      if (error instanceof RangeError)
        throw new BadRequestException(`at: ${error.message}`);
      throw error;
    }
    return this.view(clock);
  }

  private testClock(): TestClock {
    if (!(this.clock instanceof TestClock))
      throw new NotFoundException(
        'the test clock is off (FLEET_TEST_CLOCK=1 turns it on)',
      );
    return this.clock;
  }

  private view(clock: TestClock): TestClockView {
    return { now: clock.nowIso(), offsetMs: clock.offset };
  }
}
