import type { FleetCar, FleetView, VersionInfo } from '../engine/ports';

let counter = 0;

export function fleetCar(overrides: Partial<FleetCar> = {}): FleetCar {
  counter++;
  return {
    id: `car-${String(counter).padStart(4, '0')}`,
    region: 'munich',
    model: 'atlas-sedan',
    version: '1.2.3',
    vehicleState: 'parked',
    connection: 'online',
    health: 'healthy',
    ...overrides,
  };
}

/** The fleet as a test sets it up; cars change only when the test says so. */
export class FakeFleet implements FleetView {
  private readonly byId = new Map<string, FleetCar>();
  readonly versions = new Map<string, VersionInfo>([
    ['1.2.3', { version: '1.2.3', compatibleModels: [] }],
    ['1.2.4', { version: '1.2.4', compatibleModels: ['sedan', 'suv'] }],
  ]);

  add(overrides: Partial<FleetCar> = {}): FleetCar {
    const car = fleetCar(overrides);
    this.byId.set(car.id, car);
    return car;
  }

  addMany(count: number, overrides: Partial<FleetCar> = {}): FleetCar[] {
    return Array.from({ length: count }, () => this.add(overrides));
  }

  set(id: string, patch: Partial<FleetCar>): void {
    const car = this.byId.get(id);
    if (!car) throw new Error(`no car ${id}`);
    Object.assign(car, patch);
  }

  remove(id: string): void {
    this.byId.delete(id);
  }

  ids(): Iterable<string> {
    return this.byId.keys();
  }

  cars(): FleetCar[] {
    return [...this.byId.values()].map((c) => ({ ...c }));
  }

  car(id: string): FleetCar | undefined {
    const car = this.byId.get(id);
    return car && { ...car };
  }

  async version(version: string): Promise<VersionInfo | null> {
    return this.versions.get(version) ?? null;
  }
}
