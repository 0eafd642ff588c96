import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { SummaryState } from '@fleet/shared/contracts';
import type {
  SummaryResult,
  SummaryStateCode,
  TargetResultSpec,
} from '@fleet/shared/contracts';
import {
  buildSummaryResult,
  summarizeTargets,
  unknownTargets,
} from '@fleet/shared/symphony/util';
import { KeyedLock } from './keyed-lock';
import { notFound } from './symphony-errors';
import { SymphonyKinds } from './symphony-kinds';
import { SymphonyStore } from './symphony-store';

/** A POST that timed out: its result is unknown until a late answer or a GET confirms it. One per job. */
export interface UnconfirmedDeployment {
  instance: string;
  target: string;
  jobId: string;
  generation: string;
  /** ISO-8601: when the provider gave up waiting. */
  since: string;
}

interface StoredUnconfirmed {
  metadata: { name: string };
  spec: UnconfirmedDeployment;
}

/** Object names hold 253 characters at most (the column's length); longer keys are hashed. */
function unconfirmedName(
  instance: string,
  target: string,
  jobId: string,
): string {
  const key = `${instance}~${target}~${jobId}`;
  return key.length <= 253
    ? key
    : `unconfirmed-${createHash('sha256').update(key).digest('hex')}`;
}

interface StoredSummary {
  metadata: { name: string };
  spec: SummaryResult;
  /** Target -> the job whose result its entry shows (a late answer of an older job must not replace it). */
  jobs?: Record<string, string>;
}

export interface TargetResultsInput {
  /** The results to write, by target; other targets keep theirs. */
  results: Record<string, TargetResultSpec>;
  /** The instance's targets now: results of targets no longer among them are dropped. */
  targets: readonly string[];
  generation: string;
  time: Date;
  message?: string;
  jobID?: string;
  skipped?: boolean;
  isRemoval?: boolean;
  deploymentHash?: string;
  summaryId?: string;
  /** Running while a target is being deployed; otherwise Done unless a target is still unknown. */
  state?: SummaryStateCode;
}

/** The latest deployment summary of each Instance (`solutionversion/queue?instance=`), one result per target. */
@Injectable()
export class SummariesService {
  private readonly lock = new KeyedLock();

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
    await this.lock.run(instance, () => this.write(instance, summary, {}));
  }

  /** Replaces the given targets' results in the instance's summary and recomputes its counts. */
  recordTargets(
    instance: string,
    input: TargetResultsInput,
  ): Promise<SummaryResult> {
    return this.lock.run(instance, async () => {
      const stored = await this.store.modify<StoredSummary>(
        SymphonyKinds.summary,
        instance,
        (previous) => nextSummary(instance, previous, input),
      );
      return stored.spec;
    });
  }

  /** The job whose result the target's entry shows, or null. */
  async latestJob(instance: string, target: string): Promise<string | null> {
    const stored = await this.store.get<StoredSummary>(
      SymphonyKinds.summary,
      instance,
    );
    return stored?.jobs?.[target] ?? null;
  }

  async delete(instance: string): Promise<void> {
    await this.lock.run(instance, () =>
      this.store.delete(SymphonyKinds.summary, instance),
    );
  }

  async markUnconfirmed(record: UnconfirmedDeployment): Promise<void> {
    await this.store.put<StoredUnconfirmed>(SymphonyKinds.unconfirmed, {
      metadata: {
        name: unconfirmedName(record.instance, record.target, record.jobId),
      },
      spec: record,
    });
  }

  async findUnconfirmed(
    instance: string,
    target: string,
    jobId: string,
  ): Promise<UnconfirmedDeployment | null> {
    return (
      (
        await this.store.get<StoredUnconfirmed>(
          SymphonyKinds.unconfirmed,
          unconfirmedName(instance, target, jobId),
        )
      )?.spec ?? null
    );
  }

  async listUnconfirmed(): Promise<UnconfirmedDeployment[]> {
    const stored = await this.store.list<StoredUnconfirmed>(
      SymphonyKinds.unconfirmed,
    );
    return stored.map((s) => s.spec);
  }

  /** True when this call removed it (so that only one confirmation counts). */
  clearUnconfirmed(
    instance: string,
    target: string,
    jobId: string,
  ): Promise<boolean> {
    return this.store.delete(
      SymphonyKinds.unconfirmed,
      unconfirmedName(instance, target, jobId),
    );
  }

  /** Forgets every unknown step of an instance (it was deleted). */
  async clearUnconfirmedOf(instance: string): Promise<void> {
    for (const record of await this.listUnconfirmed())
      if (record.instance === instance)
        await this.clearUnconfirmed(
          record.instance,
          record.target,
          record.jobId,
        );
  }

  private async write(
    instance: string,
    summary: SummaryResult,
    jobs: Record<string, string>,
  ): Promise<void> {
    await this.store.put<StoredSummary>(
      SymphonyKinds.summary,
      storedSummary(instance, summary, jobs),
    );
  }
}

function storedSummary(
  instance: string,
  summary: SummaryResult,
  jobs: Record<string, string>,
): StoredSummary {
  return { metadata: { name: instance }, spec: summary, jobs };
}

/** The summary after `input` replaced its targets' results (the stored one or none before). */
function nextSummary(
  instance: string,
  stored: StoredSummary | null,
  input: TargetResultsInput,
): StoredSummary {
  const previous = stored?.spec ?? null;
  const kept = Object.entries(previous?.summary.targets ?? {}).filter(
    ([name]) => input.targets.includes(name) && !(name in input.results),
  );
  const jobs = Object.fromEntries(
    Object.entries(stored?.jobs ?? {}).filter(([name]) =>
      input.targets.includes(name),
    ),
  );
  if (input.jobID)
    for (const name of Object.keys(input.results)) jobs[name] = input.jobID;
  const targets = Object.fromEntries(
    [...kept, ...Object.entries(input.results)].sort(([a], [b]) =>
      a.localeCompare(b),
    ),
  );
  const summary = summarizeTargets(targets, {
    message: input.message,
    jobID: input.jobID,
    skipped: input.skipped,
    isRemoval: input.isRemoval,
  });
  const state =
    input.state ??
    (unknownTargets(summary).length > 0
      ? SummaryState.Running
      : SummaryState.Done);
  const result = buildSummaryResult(summary, {
    generation: input.generation,
    time: input.time,
    state,
    deploymentHash: input.deploymentHash,
    summaryId: input.summaryId,
  });
  return storedSummary(instance, result, jobs);
}
