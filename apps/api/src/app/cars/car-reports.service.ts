import { Injectable, Logger } from '@nestjs/common';
import type {
  AgentHello,
  AgentLoad,
  AgentStatusMessage,
  CarCommandResult,
  VehicleTelemetry,
  WorkloadStatesReport,
} from '@fleet/shared/contracts';
import { CarCommandsService } from './car-commands.service';
import { CarRegistry } from './car-registry';
import { CarStatusRefresh } from './car-status-refresh';
import { CarsService } from './cars.service';

/**
 * What the agents report, applied to the registry (a version change also to the database).
 * Every method answers false for a car the API does not know.
 */
@Injectable()
export class CarReportsService {
  private readonly logger = new Logger(CarReportsService.name);

  constructor(
    private readonly registry: CarRegistry,
    private readonly commands: CarCommandsService,
    private readonly cars: CarsService,
    private readonly statusRefresh: CarStatusRefresh,
  ) {}

  applyStatus(carId: string, status: AgentStatusMessage): boolean {
    return this.registry.applyStatus(carId, status);
  }

  applyHello(carId: string, hello: AgentHello): boolean {
    return this.heard(carId, this.registry.applyHello(carId, hello));
  }

  applyLoad(carId: string, load: AgentLoad): boolean {
    return this.heard(carId, this.registry.applyLoad(carId, load));
  }

  applyVehicle(carId: string, telemetry: VehicleTelemetry): boolean {
    return this.heard(carId, this.registry.applyVehicle(carId, telemetry));
  }

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
    return this.heard(carId, known);
  }

  /** A late answer (after the timeout) finds nobody waiting; it is still a known car's message. */
  applyCommandResult(carId: string, result: CarCommandResult): boolean {
    return this.commands.resolve(carId, result) || this.registry.has(carId);
  }

  /** A known car's message shows it connected: one the registry does not have online gets its status read. */
  private heard(carId: string, known: boolean): boolean {
    if (known) this.statusRefresh.messageFrom(carId);
    return known;
  }
}
