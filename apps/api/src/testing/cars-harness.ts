import { AgentSupervisor } from '../app/ankaios/agent-supervisor';
import { CarCommandsService } from '../app/cars/car-commands.service';
import { FleetMetrics } from '../app/metrics/fleet-metrics';
import { CarStatusRefresh } from '../app/cars/car-status-refresh';
import { CarRegistry } from '../app/cars/car-registry';
import { CarsService } from '../app/cars/cars.service';
import type { AppConfig } from '../app/config/app-config';
import { AppConfigService } from '../app/config/app-config.service';
import { SymphonyTargetsService } from '../app/symphony/symphony-targets.service';
import { appConfig, brokerEndpoint } from './factories';
import { FakeClock } from './fake-clock';
import { FakePublisher } from './fake-publisher';
import { FakeSpawner } from './fake-spawner';
import {
  InMemoryCarsRepository,
  InMemoryMetaRepository,
  InMemorySymphonyObjectsRepository,
} from './in-memory-repositories';

/**
 * The cars domain with its real services and every wrapper (spawner, publisher, repositories, clock) faked.
 * The supervisor's events reach the registry as FleetStartup wires them, unless `wireSupervisor` is false.
 */
export function carsHarness(
  config: Partial<AppConfig> = {},
  options = { wireSupervisor: true },
) {
  const clock = new FakeClock();
  const spawner = new FakeSpawner();
  const publisher = new FakePublisher();
  const carsRepository = new InMemoryCarsRepository();
  const symphonyObjects = new InMemorySymphonyObjectsRepository();
  const meta = new InMemoryMetaRepository();
  const configService = new AppConfigService(appConfig(config));
  const broker = brokerEndpoint();
  const supervisor = new AgentSupervisor(spawner, clock, configService, broker);
  const registry = new CarRegistry(clock);
  const targets = new SymphonyTargetsService(symphonyObjects, clock, broker);
  const commands = new CarCommandsService(publisher, clock);
  const cars = new CarsService(
    registry,
    carsRepository,
    supervisor,
    targets,
    commands,
    publisher,
    clock,
  );
  const statusRefresh = new CarStatusRefresh(
    publisher,
    registry,
    clock,
    new FleetMetrics(),
  );
  statusRefresh.delayMs = 0;
  if (options.wireSupervisor)
    supervisor.events$.subscribe((event) => registry.applyProcess(event));
  return {
    broker,
    cars,
    carsRepository,
    clock,
    commands,
    config: configService,
    meta,
    publisher,
    registry,
    spawner,
    statusRefresh,
    supervisor,
    symphonyObjects,
    targets,
  };
}

/** Lets pending promise callbacks and setImmediate callbacks run. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
