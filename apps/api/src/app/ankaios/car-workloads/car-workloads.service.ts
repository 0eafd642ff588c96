import { Injectable, NotFoundException } from '@nestjs/common';
import type {
  CarLogsQueryDto,
  CarWorkloadDetail,
  LogLine,
} from '@fleet/shared/contracts';
import { CarRegistry } from '../../cars/car-registry';
import { CarLogsService } from '../../realtime/car-logs.service';
import { FleetStateMirror } from '../fleet-state/fleet-state.mirror';
import { selectLogLines } from './car-logs-query';

/** Read side of one car's Ankaios cluster: its workload instances and its recent log lines. */
@Injectable()
export class CarWorkloadsService {
  constructor(
    private readonly registry: CarRegistry,
    private readonly mirror: FleetStateMirror,
    private readonly logs: CarLogsService,
  ) {}

  workloads(carId: string): CarWorkloadDetail[] {
    const workloads = this.mirror.workloads(carId);
    if (!workloads) throw new NotFoundException(`car ${carId} not found`);
    return workloads;
  }

  /** From the realtime gateway's per-car buffer (see `logLinesPerCar`). */
  logLines(carId: string, query: CarLogsQueryDto): LogLine[] {
    if (!this.registry.has(carId))
      throw new NotFoundException(`car ${carId} not found`);
    return selectLogLines(this.logs.recent(carId, query.workload), query);
  }
}
