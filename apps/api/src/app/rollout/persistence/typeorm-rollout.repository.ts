import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  DataSource,
  EntityManager,
  ObjectLiteral,
  EntityTarget,
} from 'typeorm';
import type { RolloutRepository } from '../engine/ports';
import type { CarRecord, RolloutChange, RolloutState } from '../engine/records';
import { RolloutCarEntity } from './rollout-car.entity';
import { RolloutStageEntity } from './rollout-stage.entity';
import { RolloutEntity } from './rollout.entity';

/** Rows per statement: stays far below SQLite's and PostgreSQL's bound-parameter limits. */
const CHUNK = 200;

/** The rollout tables; every commit of the engine is one transaction. */
@Injectable()
export class TypeOrmRolloutRepository implements RolloutRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async loadAll(): Promise<RolloutState[]> {
    const manager = this.dataSource.manager;
    const [rollouts, stages, cars] = await Promise.all([
      manager.find(RolloutEntity),
      manager.find(RolloutStageEntity, { order: { index: 'ASC' } }),
      manager.find(RolloutCarEntity, { order: { carId: 'ASC' } }),
    ]);
    const byRollout = new Map<string, RolloutState>(
      rollouts.map((rollout) => [
        rollout.id,
        {
          rollout: { ...rollout },
          stages: [],
          cars: new Map<string, CarRecord>(),
        },
      ]),
    );
    for (const stage of stages)
      byRollout.get(stage.rolloutId)?.stages.push({ ...stage });
    for (const car of cars)
      byRollout
        .get(car.rolloutId)
        ?.cars.set(car.carId, { ...car, finished: Boolean(car.finished) });
    return [...byRollout.values()];
  }

  commit(change: RolloutChange): Promise<void> {
    return this.dataSource.transaction(async (manager) => {
      await upsert(manager, RolloutEntity, change.rollouts, ['id']);
      await upsert(manager, RolloutStageEntity, change.stages, [
        'rolloutId',
        'index',
      ]);
      await upsert(manager, RolloutCarEntity, change.cars, [
        'rolloutId',
        'carId',
      ]);
    });
  }
}

async function upsert<T extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<T>,
  rows: readonly T[],
  keys: string[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK)
    await manager.upsert(target, rows.slice(i, i + CHUNK) as T[], {
      conflictPaths: keys,
      skipUpdateIfNoValuesChanged: false,
    });
}
