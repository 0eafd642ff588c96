import {
  ConflictException,
  Injectable,
  Logger,
  NotFoundException,
} from '@nestjs/common';
import { CarTopics, pageWindow } from '@fleet/shared/contracts';
import type {
  CarStatus,
  CarView,
  CreateCarDto,
  CreateCarsDto,
  ListCarsQueryDto,
  Page,
  SetVehicleStateDto,
} from '@fleet/shared/contracts';
import { AgentSupervisor } from '../ankaios/agent-supervisor';
import { Clock } from '../common/clock';
import { mapLimit } from '../common/map-limit';
import { CarsRepository, DuplicateKeyError } from '../database/cars.repository';
import { MqttPublisher } from '../mqtt/mqtt-publisher';
import { SymphonyTargetsService } from '../symphony/symphony-targets.service';
import { CarCommandsService } from './car-commands.service';
import { CAR_MODELS, DEFAULT_CAR_MODEL, generateCarId } from './car-identity';
import { filtersBeyondRegion, queryCars } from './car-query';
import { CarRegistry } from './car-registry';

const ID_ATTEMPTS = 8;

/**
 * Cars of one `POST /api/cars/batch` created at once, each still checked, stored, registered as a Target and
 * started on its own. One at a time, a car waited for five database round trips in turn: with CLUSTER=on on
 * PostgreSQL, 2,000 cars took 30 s to create and 10,000 cars four minutes.
 */
export const CREATE_CONCURRENCY = 16;

/** The rules of a car's life: create, list, command, delete. */
@Injectable()
export class CarsService {
  private readonly logger = new Logger(CarsService.name);
  private readonly creating = new Set<string>();

  constructor(
    private readonly registry: CarRegistry,
    private readonly repository: CarsRepository,
    private readonly supervisor: AgentSupervisor,
    private readonly targets: SymphonyTargetsService,
    private readonly commands: CarCommandsService,
    private readonly publisher: MqttPublisher,
    private readonly clock: Clock,
  ) {}

  /** Only a region (the common case, also the console's first page) is an index lookup; other filters scan its cars. */
  list(query: ListCarsQueryDto): Page<CarView> {
    if (filtersBeyondRegion(query))
      return queryCars(this.registry.views(query.region), query);
    const { page, pageSize, start, end } = pageWindow(query);
    const { items, total } = this.registry.slice(query.region, start, end);
    return { items, total, page, pageSize };
  }

  /** `list` as JSON text, from each car's cached JSON (serialising 100 cars per request was the list's largest cost). */
  listJson(query: ListCarsQueryDto): string {
    const { items, total, page, pageSize } = this.list(query);
    const cars = items.map((car) => this.registry.json(car)).join(',');
    return `{"items":[${cars}],"total":${total},"page":${page},"pageSize":${pageSize}}`;
  }

  get(id: string): CarView {
    const car = this.registry.get(id);
    if (!car) throw new NotFoundException(`car ${id} not found`);
    return car;
  }

  status(id: string): CarStatus {
    const status = this.registry.status(id);
    if (!status) throw new NotFoundException(`car ${id} not found`);
    return status;
  }

  /** Persists the car, registers its Symphony Target and starts its agent. */
  async create(dto: CreateCarDto): Promise<CarView> {
    // A generated id comes reserved (in `creating`) and checked against the database.
    const id = dto.name ?? (await this.freeId(dto.region));
    if (dto.name !== undefined) {
      if (this.creating.has(id) || this.registry.has(id)) throw duplicate(id);
      this.creating.add(id);
    }
    try {
      if (dto.name !== undefined && (await this.repository.exists(id)))
        throw duplicate(id);
      const now = this.clock.nowIso();
      const car = {
        id,
        region: dto.region,
        model: dto.model ?? DEFAULT_CAR_MODEL,
        vehicleState: dto.state ?? 'parked',
      } as const;
      try {
        await this.repository.insert({
          ...car,
          desiredVehicleState: car.vehicleState,
          lastKnownVersion: null,
          createdAt: now,
          updatedAt: now,
        });
      } catch (error) {
        throw error instanceof DuplicateKeyError ? duplicate(id) : error;
      }
      try {
        await this.targets.register(car);
      } catch (error) {
        await this.repository.delete(id);
        throw error;
      }
      this.registry.add({ ...car, version: null, createdAt: now });
      this.supervisor.start(car);
      this.logger.log(
        `car=${id} created (region ${car.region}, model ${car.model})`,
      );
      return this.get(id);
    } finally {
      this.creating.delete(id);
    }
  }

  /**
   * `count` cars in one region, CREATE_CONCURRENCY at a time, answered in order. The first failure stops the
   * batch: the cars created until then stay, the ones being created finish, no new one starts, and the failure is
   * the answer (as when they were created one by one).
   */
  async createMany(dto: CreateCarsDto): Promise<CarView[]> {
    let failure: { error: unknown } | null = null;
    const indexes = Array.from({ length: dto.count }, (_, i) => i);
    const created = await mapLimit(indexes, CREATE_CONCURRENCY, async (i) => {
      if (failure) return null;
      try {
        return await this.create({
          region: dto.region,
          model: dto.model ?? CAR_MODELS[i % CAR_MODELS.length],
        });
      } catch (error) {
        failure ??= { error };
        return null;
      }
    });
    if (failure) throw (failure as { error: unknown }).error;
    return created as CarView[];
  }

  /** Asks the car to park or drive and waits for its answer; only an online car can be asked. */
  async setVehicleState(id: string, dto: SetVehicleStateDto): Promise<CarView> {
    const car = this.get(id);
    if (car.connection !== 'online')
      throw new ConflictException(
        `car ${id} is not online (${car.connection})`,
      );
    const result = await this.commands.send(id, {
      type: 'set-vehicle-state',
      state: dto.state,
    });
    if (!result.ok)
      throw new ConflictException(
        `car ${id} refused: ${result.error ?? 'no reason given'}`,
      );
    // The car has changed: shown at once; the state it restarts in is stored next.
    this.registry.setVehicleState(id, dto.state, result.at);
    this.supervisor.setVehicleState(id, dto.state);
    await this.repository.setDesiredVehicleState(
      id,
      dto.state,
      this.clock.nowIso(),
    );
    this.logger.log(`car=${id} is now ${dto.state}`);
    return this.get(id);
  }

  /** Stops the agent, removes its run folder, the Target, the retained status and the row. */
  async remove(id: string): Promise<void> {
    if (!this.registry.has(id) && !(await this.repository.exists(id)))
      throw new NotFoundException(`car ${id} not found`);
    await this.supervisor.discard(id);
    await this.targets.remove(id);
    await this.publisher
      .clearRetained(CarTopics.status(id))
      .catch((error: Error) =>
        this.logger.warn(
          `car=${id} retained status not cleared: ${error.message}`,
        ),
      );
    await this.repository.delete(id);
    this.registry.remove(id);
    this.logger.log(`car=${id} deleted`);
  }

  /** Brings every persisted car back: into the registry, and its agent started. */
  async resumeAll(): Promise<number> {
    const cars = await this.repository.findAll();
    for (const row of cars) {
      const car = {
        id: row.id,
        region: row.region,
        model: row.model,
        vehicleState: row.desiredVehicleState,
      };
      this.registry.add({
        ...car,
        version: row.lastKnownVersion,
        createdAt: row.createdAt,
      });
      this.supervisor.start(car);
    }
    return cars.length;
  }

  /** Keeps the last known version in the database so that a restarted API shows it before the first report. */
  async rememberVersion(id: string, version: string | null): Promise<void> {
    await this.repository.setLastKnownVersion(id, version, this.clock.nowIso());
  }

  /** An unused id, reserved in `creating` (the caller releases it): concurrent creates never get the same one. */
  private async freeId(region: string): Promise<string> {
    for (let attempt = 0; attempt < ID_ATTEMPTS; attempt++) {
      const id = generateCarId(region);
      if (this.registry.has(id) || this.creating.has(id)) continue;
      this.creating.add(id);
      let taken = true;
      try {
        taken = await this.repository.exists(id);
      } finally {
        if (taken) this.creating.delete(id);
      }
      if (!taken) return id;
    }
    throw new ConflictException(
      `no free car id in region ${region}; give a name`,
    );
  }
}

function duplicate(id: string): ConflictException {
  return new ConflictException(`car ${id} already exists`);
}
