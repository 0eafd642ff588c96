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
  BulkUpdateDto,
  HistoryQueryDto,
  RollbackDto,
  UpdateCarDto,
} from '@fleet/shared/contracts';
import type {
  BulkUpdateResponse,
  Page,
  UpdateHistoryEntry,
} from '@fleet/shared/contracts';
import { Actor } from './actor.decorator';
import { BulkUpdatesService } from './bulk-updates.service';
import { UpdatesService } from './updates.service';

@ApiTags('updates')
@Controller('cars')
export class CarUpdatesController {
  constructor(
    private readonly updates: UpdatesService,
    private readonly bulk: BulkUpdatesService,
  ) {}

  /** Updates many cars (by ids or a region/version filter); each is accepted or refused with its reason. */
  @Post('bulk-update')
  @HttpCode(HttpStatus.OK)
  bulkUpdateCars(
    @Body() dto: BulkUpdateDto,
    @Actor() actor: string,
  ): Promise<BulkUpdateResponse> {
    return this.bulk.update(dto, actor);
  }

  /** Points cars back at their previous version (from their history) or at `toVersion`. */
  @Post('rollback')
  @HttpCode(HttpStatus.OK)
  rollbackCars(
    @Body() dto: RollbackDto,
    @Actor() actor: string,
  ): Promise<BulkUpdateResponse> {
    return this.bulk.rollback(dto, actor);
  }

  /**
   * Starts an update through Symphony (202 with the history entry; 404, 409 driving/offline/in flight here or on
   * another API replica, 422 incompatible; 503 with several replicas when theirs cannot be checked).
   */
  @Post(':id/update')
  @HttpCode(HttpStatus.ACCEPTED)
  updateCar(
    @Param('id') id: string,
    @Body() dto: UpdateCarDto,
    @Actor() actor: string,
  ): Promise<UpdateHistoryEntry> {
    return this.updates.request({
      carId: id,
      version: dto.version,
      kind: 'update',
      actor,
    });
  }

  /** The car's updates and rollbacks, newest first. */
  @Get(':id/history')
  getCarHistory(
    @Param('id') id: string,
    @Query() query: HistoryQueryDto,
  ): Promise<Page<UpdateHistoryEntry>> {
    return this.updates.historyPage(id, query.page ?? 1, query.pageSize ?? 50);
  }
}
