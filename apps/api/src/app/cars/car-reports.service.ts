import { Injectable, Logger } from '@nestjs/common';
import type { WorkloadStatesReport } from '@fleet/shared/contracts';
import { CarCommandsService } from './car-commands.service';
import { CarRegistry } from './car-registry';
import { CarsService } from './cars.service';

/** What the agents report, applied to the registry (and, for version changes, to the database). */
@Injectable()
export class CarReportsService {
  private readonly logger = new Logger(CarReportsService.name);

  constructor(
    readonly registry: CarRegistry,
    readonly commands: CarCommandsService,
    private readonly cars: CarsService,
  ) {}

  applyWorkloadStates(carId: string, report: WorkloadStatesReport): boolean {
    const { known, previousVersion } = this.registry.applyWorkloadStates(
      carId,
      report,
    );
    if (known && report.version !== previousVersion) {
      this.logger.log(`car=${carId} runs version ${report.version ?? 'none'}`);
      this.cars
        .rememberVersion(carId, report.version)
        .catch((error: Error) =>
          this.logger.error(`car=${carId} version not saved: ${error.message}`),
        );
    }
    return known;
  }
}
