import { Injectable } from '@nestjs/common';
import type { SymphonyTarget } from '@fleet/shared/contracts';
import { notFound } from './symphony-errors';
import { SymphonyKinds } from './symphony-kinds';
import { SymphonyStore } from './symphony-store';

/** Symphony's target registry: every Target, the cars' own (`car-<id>`) and any POSTed one. */
@Injectable()
export class TargetsRegistryService {
  constructor(private readonly store: SymphonyStore) {}

  list(): Promise<SymphonyTarget[]> {
    return this.store.list(SymphonyKinds.target);
  }

  find(name: string): Promise<SymphonyTarget | null> {
    return this.store.get(SymphonyKinds.target, name);
  }

  async get(name: string): Promise<SymphonyTarget> {
    const found = await this.find(name);
    if (!found) throw notFound('target', name);
    return found;
  }

  upsert(target: SymphonyTarget): Promise<SymphonyTarget> {
    return this.store.put(SymphonyKinds.target, target);
  }

  async delete(name: string): Promise<void> {
    await this.get(name);
    await this.store.delete(SymphonyKinds.target, name);
  }
}
