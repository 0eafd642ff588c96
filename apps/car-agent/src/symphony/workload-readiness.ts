// Whether the workloads an update touched have arrived: each new or changed one Running(Ok) (or
// Succeeded(Ok)) with a healthy signal, each deleted one gone.
import { formatExecutionState, type ExecutionState } from '@fleet/shared/contracts';
import type { SymphonyCluster } from './ports';

export interface ReadinessGoal {
  /** Workloads that must run healthy. */
  running: readonly string[];
  /** Workloads that must disappear. */
  gone: readonly string[];
}

export type Readiness =
  | { kind: 'ready' }
  | { kind: 'failed'; workload: string; detail: string }
  | { kind: 'waiting'; pending: Record<string, string> };

const isUp = (s: ExecutionState) => (s.state === 'Running' || s.state === 'Succeeded') && s.subState === 'Ok';

function describe(states: ExecutionState[], health: string | undefined): string {
  const shown = states.length > 0 ? states.map(formatExecutionState).join(', ') : 'no instance yet';
  return health ? `${shown}, health ${health}` : shown;
}

export function assessReadiness(cluster: SymphonyCluster, goal: ReadinessGoal): Readiness {
  const states = cluster.workloadStates();
  const health = cluster.health();
  const pending: Record<string, string> = {};
  for (const name of goal.running) {
    const instances = Object.values(states[name] ?? {});
    // health() skips instances being deleted, so `unhealthy` is the new instance failing (start failure, crash, bad signal).
    if (health[name] === 'unhealthy') return { kind: 'failed', workload: name, detail: describe(instances, 'unhealthy') };
    if (instances.length === 0 || !instances.every(isUp) || health[name] !== 'healthy') pending[name] = describe(instances, health[name]);
  }
  for (const name of goal.gone) {
    const instances = Object.values(states[name] ?? {}).filter((s) => s.state !== 'Removed');
    if (instances.length > 0) pending[name] = `still ${describe(instances, undefined)}`;
  }
  return Object.keys(pending).length === 0 ? { kind: 'ready' } : { kind: 'waiting', pending };
}
