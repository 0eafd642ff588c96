import type { CompleteState, WorkloadHealth } from '@fleet/shared/contracts';
import { filterByMasks, imageOf, sharedVersion, tagOf, type RenderedWorkloads } from '@fleet/shared/ankaios/util';
import type { Instance } from './instance';
import { healthOf } from './state-views';

/** camelCase CompleteState; sections a mask leaves out come back empty (`apiVersion: ''`). */
export function maskedCompleteState(full: CompleteState, masks: string[]): CompleteState {
  const filtered = filterByMasks(full, masks);
  return {
    desiredState: filtered.desiredState ?? { apiVersion: '', workloads: {}, configs: {} },
    workloadStates: filtered.workloadStates ?? {},
    agents: filtered.agents ?? {},
  };
}

/** The image tag the agent's workloads share, `mixed`, or null without tagged workloads. */
export function agentVersion(rendered: RenderedWorkloads, agentName: string): string | null {
  const mine = Object.values(rendered).filter((w) => w.spec.agent === agentName);
  return sharedVersion(mine.map((w) => tagOf(imageOf(w.spec.runtime, w.spec.runtimeConfig))));
}

/** Health beyond "running" per workload of the agent (see `healthOf`). */
export function agentHealth(instances: readonly Instance[], agentName: string): Record<string, WorkloadHealth> {
  const result: Record<string, WorkloadHealth> = {};
  for (const i of instances) if (i.agent === agentName && !i.deleteRequested) result[i.workload.name] = healthOf(i);
  return result;
}
