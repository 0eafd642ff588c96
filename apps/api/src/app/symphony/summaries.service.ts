import { Injectable } from '@nestjs/common';
import type { SummaryResult } from '@fleet/shared/contracts';
import { notFound } from './symphony-errors';
import { SymphonyKinds } from './symphony-kinds';
import { SymphonyStore } from './symphony-store';

interface StoredSummary {
  metadata: { name: string };
  spec: SummaryResult;
}

/** The latest deployment summary of each Instance (`solutionversion/queue?instance=`). */
@Injectable()
export class SummariesService {
  constructor(private readonly store: SymphonyStore) {}

  async find(instance: string): Promise<SummaryResult | null> {
    return (
      (await this.store.get<StoredSummary>(SymphonyKinds.summary, instance))
        ?.spec ?? null
    );
  }

  async get(instance: string): Promise<SummaryResult> {
    const found = await this.find(instance);
    if (!found) throw notFound('summary of instance', instance);
    return found;
  }

  async save(instance: string, summary: SummaryResult): Promise<void> {
    await this.store.put<StoredSummary>(SymphonyKinds.summary, {
      metadata: { name: instance },
      spec: summary,
    });
  }
}
