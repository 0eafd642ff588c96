import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { SymphonyObjectEntity } from './symphony-object.entity';

export interface SymphonyObjectKey {
  kind: string;
  namespace: string;
  name: string;
}

/** The generic `symphony_objects` table. */
@Injectable()
export class SymphonyObjectsRepository {
  constructor(
    @InjectRepository(SymphonyObjectEntity)
    private readonly repo: Repository<SymphonyObjectEntity>,
  ) {}

  find(key: SymphonyObjectKey): Promise<SymphonyObjectEntity | null> {
    return this.repo.findOneBy({ ...key });
  }

  findByKind(kind: string, namespace: string): Promise<SymphonyObjectEntity[]> {
    return this.repo.find({
      where: { kind, namespace },
      order: { name: 'ASC' },
    });
  }

  /** One INSERT … ON CONFLICT statement (TypeORM's save first SELECTs the row to choose INSERT or UPDATE). */
  async save(object: SymphonyObjectEntity): Promise<void> {
    // `body` is simple-json (`unknown`), which TypeORM's partial-entity type does not take as such.
    const row = object as SymphonyObjectEntity & { body: object };
    await this.repo.upsert(row, {
      conflictPaths: ['kind', 'namespace', 'name'],
      skipUpdateIfNoValuesChanged: false,
    });
  }

  /** True when a row was deleted. */
  async delete(key: SymphonyObjectKey): Promise<boolean> {
    const result = await this.repo.delete({ ...key });
    return (result.affected ?? 0) > 0;
  }
}
