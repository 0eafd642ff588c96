import { Injectable } from '@nestjs/common';
import { CarRegistry } from '../../cars/car-registry';
import { VersionsService } from '../../updates/versions/versions.service';
import type { FleetCar, FleetView, VersionInfo } from '../engine/ports';
import { toFleetCar } from './fleet-car';

/** The engine's view of the fleet: the live car registry and the update store. */
@Injectable()
export class RegistryFleetView implements FleetView {
  constructor(
    private readonly registry: CarRegistry,
    private readonly versions: VersionsService,
  ) {}

  cars(): FleetCar[] {
    return this.registry.all().flatMap((car) => {
      const status = this.registry.status(car.id);
      return status ? [toFleetCar(status)] : [];
    });
  }

  ids(): Iterable<string> {
    return this.registry.ids();
  }

  car(id: string): FleetCar | undefined {
    const status = this.registry.status(id);
    return status && toFleetCar(status);
  }

  async version(version: string): Promise<VersionInfo | null> {
    const found = await this.versions.find(version);
    return (
      found && {
        version: found.version,
        compatibleModels: found.compatibleModels,
      }
    );
  }
}
