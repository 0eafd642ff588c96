import type { VehicleState } from '@fleet/shared/contracts';
import type { CarEntity } from '../app/database/car.entity';
import {
  CarsRepository,
  DuplicateKeyError,
} from '../app/database/cars.repository';
import { MetaRepository } from '../app/database/meta.repository';
import { deepFreeze } from '../app/database/row-cache';
import type { SymphonyObjectEntity } from '../app/database/symphony-object.entity';
import {
  SymphonyObjectKey,
  SymphonyObjectsRepository,
} from '../app/database/symphony-objects.repository';

export class InMemoryCarsRepository extends CarsRepository {
  readonly rows = new Map<string, CarEntity>();

  constructor() {
    super(undefined as never);
  }

  override async findAll(): Promise<CarEntity[]> {
    return [...this.rows.values()].sort((a, b) =>
      a.createdAt.localeCompare(b.createdAt),
    );
  }

  override async exists(id: string): Promise<boolean> {
    return this.rows.has(id);
  }

  override async insert(car: CarEntity): Promise<void> {
    if (this.rows.has(car.id)) throw new DuplicateKeyError(car.id);
    this.rows.set(car.id, { ...car });
  }

  override async setDesiredVehicleState(
    id: string,
    state: VehicleState,
    at: string,
  ): Promise<void> {
    const row = this.rows.get(id);
    if (row)
      this.rows.set(id, { ...row, desiredVehicleState: state, updatedAt: at });
  }

  override async setLastKnownVersion(
    id: string,
    version: string | null,
    at: string,
  ): Promise<void> {
    const row = this.rows.get(id);
    if (row)
      this.rows.set(id, { ...row, lastKnownVersion: version, updatedAt: at });
  }

  override async delete(id: string): Promise<void> {
    this.rows.delete(id);
  }
}

export class InMemorySymphonyObjectsRepository extends SymphonyObjectsRepository {
  readonly rows = new Map<string, SymphonyObjectEntity>();

  constructor() {
    // Every method is overridden: neither the TypeORM repository nor the configuration is used.
    super(
      undefined as never,
      {
        get: () => ({ enabled: true, leaseTtlSeconds: 15 }),
      } as never,
    );
  }

  override async find(
    key: SymphonyObjectKey,
  ): Promise<SymphonyObjectEntity | null> {
    return this.rows.get(keyOf(key)) ?? null;
  }

  override async findByKind(
    kind: string,
    namespace: string,
  ): Promise<SymphonyObjectEntity[]> {
    return [...this.rows.values()].filter(
      (o) => o.kind === kind && o.namespace === namespace,
    );
  }

  override async save(object: SymphonyObjectEntity): Promise<void> {
    // Frozen, like the rows the real repository's cache keeps: a caller that changes what it saved or found fails.
    this.rows.set(keyOf(object), deepFreeze(object));
  }

  override async delete(key: SymphonyObjectKey): Promise<boolean> {
    return this.rows.delete(keyOf(key));
  }
}

export class InMemoryMetaRepository extends MetaRepository {
  readonly values = new Map<string, string>();

  constructor() {
    super(undefined as never);
  }

  override async get(key: string): Promise<string | null> {
    return this.values.get(key) ?? null;
  }

  override async set(key: string, value: string): Promise<void> {
    this.values.set(key, value);
  }

  override async setIfAbsent(key: string, value: string): Promise<void> {
    if (!this.values.has(key)) this.values.set(key, value);
  }
}

function keyOf(key: SymphonyObjectKey): string {
  return `${key.kind}/${key.namespace}/${key.name}`;
}
