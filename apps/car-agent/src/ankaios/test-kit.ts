// Factories for the cluster's tests (and for other tests that need a running simulated cluster).
import { dump } from 'js-yaml';
import type { WorkloadSpec } from '@fleet/shared/contracts';
import { FakeScheduler } from './fake-scheduler';
import type { ClusterLogLine, SimulatedClusterOptions } from './options';
import { SimulatedCluster } from './simulated-cluster';

export const AGENT = 'car-1';

export interface TestWorkload extends Partial<Omit<WorkloadSpec, 'runtimeConfig'>> {
  image?: string;
  /** Extra runtimeConfig fields (exitAfterSeconds, exitCode, deleteFails). */
  config?: Record<string, unknown>;
  runtimeConfig?: string;
}

export function workloadSpec(w: TestWorkload = {}): Record<string, unknown> {
  const { image = 'reg/app:1.0.0', config = {}, runtimeConfig, ...rest } = w;
  return {
    agent: AGENT,
    runtime: 'simulated',
    runtimeConfig: runtimeConfig ?? dump({ image, ...config }),
    ...rest,
  };
}

export function manifest(
  workloads: Record<string, TestWorkload>,
  extra: { apiVersion?: string; configs?: Record<string, unknown> } = {},
): string {
  const spec = Object.fromEntries(Object.entries(workloads).map(([name, w]) => [name, workloadSpec(w)]));
  return dump({ apiVersion: extra.apiVersion ?? 'v1', workloads: spec, ...(extra.configs ? { configs: extra.configs } : {}) });
}

export interface TestCluster {
  cluster: SimulatedCluster;
  scheduler: FakeScheduler;
  logs: ClusterLogLine[];
  /** `State(SubState)` of the only (or newest) instance of a workload of this agent, or undefined. */
  stateOf(workload: string): string | undefined;
  infoOf(workload: string): string | undefined;
}

/** A cluster at speed 1 on a fake clock; `random` defaults to 0.5 (a start takes 1250 ms, a stop 650 ms). */
export function createCluster(options: Partial<SimulatedClusterOptions> = {}): TestCluster {
  const scheduler = new FakeScheduler();
  const logs: ClusterLogLine[] = [];
  const cluster = new SimulatedCluster({
    agentName: AGENT,
    tags: { region: 'munich' },
    random: () => 0.5,
    scheduler,
    log: (line) => logs.push(line),
    ...options,
  });
  const newest = (workload: string) => {
    const instances = Object.values(cluster.workloadStates()[workload] ?? {});
    return instances[instances.length - 1];
  };
  return {
    cluster,
    scheduler,
    logs,
    stateOf: (w) => {
      const s = newest(w);
      return s && (s.subState ? `${s.state}(${s.subState})` : s.state);
    },
    infoOf: (w) => newest(w)?.additionalInfo,
  };
}
