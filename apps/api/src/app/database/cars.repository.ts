import { Inject, Injectable, Optional } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { VehicleState } from '@fleet/shared/contracts';
import { QueryFailedError, Repository } from 'typeorm';
import { CarEntity } from './car.entity';
import { GROUP_WRITES } from './group-writes.providers';
import type { GroupWrites } from './group-writes';

export class DuplicateKeyError extends Error {}

/** The `cars` table. */
@Injectable()
export class CarsRepository {
  constructor(
    @InjectRepository(CarEntity) private readonly repo: Repository<CarEntity>,
    /** The version reports go through the group commit; every other statement runs after what was queued. */
    @Optional()
    @Inject(GROUP_WRITES)
    private readonly writes: GroupWrites | null = null,
  ) {}

  async findAll(): Promise<CarEntity[]> {
    await this.writes?.flush();
    return this.repo.find({ order: { createdAt: 'ASC', id: 'ASC' } });
  }

  async exists(id: string): Promise<boolean> {
    await this.writes?.flush();
    return (await this.repo.countBy({ id })) > 0;
  }

  /** Throws `DuplicateKeyError` when the id is taken. */
  async insert(car: CarEntity): Promise<void> {
    await this.writes?.flush();
    try {
      await this.repo.insert(car);
    } catch (error) {
      if (isUniqueViolation(error))
        throw new DuplicateKeyError(`car ${car.id} exists`);
      throw error;
    }
  }

  async setDesiredVehicleState(
    id: string,
    state: VehicleState,
    at: string,
  ): Promise<void> {
    await this.writes?.flush();
    await this.repo.update(
      { id },
      { desiredVehicleState: state, updatedAt: at },
    );
  }

  async setLastKnownVersion(
    id: string,
    version: string | null,
    at: string,
  ): Promise<void> {
    const set = { lastKnownVersion: version, updatedAt: at };
    if (this.writes) await this.writes.update(CarEntity, { id }, set);
    else await this.repo.update({ id }, set);
  }

  async delete(id: string): Promise<void> {
    await this.writes?.flush();
    await this.repo.delete({ id });
  }
}

function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const code = (error.driverError as { code?: string } | undefined)?.code;
  // SQLite (better-sqlite3) and PostgreSQL name it differently.
  return (
    code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    code === '23505'
  );
}
