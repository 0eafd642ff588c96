// An in-memory stand-in for SimulatedCluster: workloads reach the state `behaviour` picks at once.
import type {
  CompleteState,
  DesiredState,
  ExecutionState,
  ManifestResponse,
  WorkloadHealth,
  WorkloadSpec,
} from '@fleet/shared/contracts';
import type { SymphonyCluster } from '../ports';

export type FakeOutcome = 'healthy' | 'start-fails' | 'stuck';

const STATES: Record<FakeOutcome, { state: ExecutionState; health: WorkloadHealth }> = {
  healthy: { state: { state: 'Running', subState: 'Ok', additionalInfo: '' }, health: 'healthy' },
  'start-fails': { state: { state: 'Pending', subState: 'StartingFailed', additionalInfo: 'No more retries' }, health: 'unhealthy' },
  stuck: { state: { state: 'Pending', subState: 'Starting', additionalInfo: '' }, health: 'unknown' },
};

export class FakeCluster implements SymphonyCluster {
  desired: DesiredState = { apiVersion: 'v1', workloads: {}, configs: {} };
  readonly updates: { state: Partial<CompleteState>; mask: string[] }[] = [];
  restores = 0;
  /** Error for the next updateState call. */
  refuseNext: string | null = null;
  /** Workloads that stay in Stopping when deleted. */
  readonly undeletable = new Set<string>();
  private states: Record<string, Record<string, ExecutionState>> = {};
  private healthByName: Record<string, WorkloadHealth> = {};
  private readonly listeners = new Set<() => void>();

  constructor(private readonly behaviour: (name: string, spec: WorkloadSpec) => FakeOutcome = () => 'healthy') {}

  /** Starts with these workloads already running healthy. */
  seed(workloads: Record<string, WorkloadSpec>): this {
    this.desired = { apiVersion: 'v1', workloads: structuredClone(workloads), configs: {} };
    for (const name of Object.keys(workloads)) this.place(name, workloads[name], 'healthy');
    return this;
  }

  updateState(state: Partial<CompleteState>, mask: string[]): ManifestResponse {
    this.updates.push({ state: structuredClone(state), mask: [...mask] });
    if (this.refuseNext) {
      const error = this.refuseNext;
      this.refuseNext = null;
      return { added_workloads: [], deleted_workloads: [], error };
    }
    for (const path of mask) {
      const name = path.replace('desiredState.workloads.', '');
      const spec = state.desiredState?.workloads[name];
      if (spec) this.set(name, spec);
      else this.drop(name);
    }
    this.emit();
    return { added_workloads: [], deleted_workloads: [] };
  }

  getCompleteState(): CompleteState {
    return { desiredState: this.snapshot(), workloadStates: { c1: structuredClone(this.states) }, agents: {} };
  }

  workloadStates(): Record<string, Record<string, ExecutionState>> {
    return structuredClone(this.states);
  }

  health(): Record<string, WorkloadHealth> {
    return { ...this.healthByName };
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  listenerCount(): number {
    return this.listeners.size;
  }

  snapshot(): DesiredState {
    return structuredClone(this.desired);
  }

  restore(state: DesiredState): void {
    this.restores++;
    for (const name of Object.keys(this.desired.workloads)) this.drop(name);
    for (const [name, spec] of Object.entries(state.workloads)) this.set(name, spec);
    this.emit();
  }

  /** Moves a workload to another outcome later (e.g. it turns healthy). */
  settle(name: string, outcome: FakeOutcome): void {
    this.place(name, this.desired.workloads[name], outcome);
    this.emit();
  }

  private set(name: string, spec: WorkloadSpec): void {
    this.desired.workloads[name] = structuredClone(spec);
    this.place(name, spec, this.behaviour(name, spec));
  }

  private drop(name: string): void {
    delete this.desired.workloads[name];
    delete this.healthByName[name];
    if (this.undeletable.has(name)) this.states[name] = { old: { state: 'Stopping', subState: 'DeleteFailed', additionalInfo: '' } };
    else delete this.states[name];
  }

  private place(name: string, spec: WorkloadSpec, outcome: FakeOutcome): void {
    this.states[name] = { [spec.runtimeConfig]: STATES[outcome].state };
    this.healthByName[name] = STATES[outcome].health;
  }

  private emit(): void {
    for (const listener of [...this.listeners]) listener();
  }
}
