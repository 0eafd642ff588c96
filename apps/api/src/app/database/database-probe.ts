import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { withTimeout } from '../common/with-timeout';

const PROBE_TIMEOUT_MS = 2000;

/** Answers whether the database is usable (`SELECT 1`). */
@Injectable()
export class DatabaseProbe {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  get type(): 'sqlite' | 'postgres' {
    return this.dataSource.options.type === 'postgres' ? 'postgres' : 'sqlite';
  }

  async ping(): Promise<boolean> {
    try {
      await withTimeout(
        this.dataSource.query('SELECT 1'),
        PROBE_TIMEOUT_MS,
        'database ping',
      );
      return true;
    } catch {
      return false;
    }
  }
}
