import type { CompleteState, DesiredState, ExecutionState, FaultRule, ManifestResponse, SdkCompleteState } from '@fleet/shared/contracts';
import type { SimulatedClusterOptions } from '../ankaios';
import type { ClusterPort } from '../agent/cluster-port';

const RUNNING: ExecutionState = { state: 'Running', subState: 'Ok', additionalInfo: '' };

/** A cluster that records what the agent asks of it; `apply` adds the named workloads as running. */
export class FakeCluster implements ClusterPort {
  desired: DesiredState = { apiVersion: 'v1', workloads: {}, configs: {} };
  readonly applied: string[] = [];
  readonly deleted: string[] = [];
  readonly stateRequests: (string[] | undefined)[] = [];
  readonly updates: { state: Partial<CompleteState>; updateMask: string[] }[] = [];
  faultRules: FaultRule[] | null = null;
  load: { cpuUsage: number; freeMemory: number } | null = null;
  stopped = false;
  nextResponse: ManifestResponse | null = null;
  private readonly listeners: (() => void)[] = [];

  constructor(readonly options?: SimulatedClusterOptions) {}

  applyManifest(manifest: string): ManifestResponse {
    this.applied.push(manifest);
    return this.nextResponse ?? { added_workloads: [], deleted_workloads: [] };
  }

  deleteManifest(manifest: string): ManifestResponse {
    this.deleted.push(manifest);
    return this.nextResponse ?? { added_workloads: [], deleted_workloads: [] };
  }

  updateState(state: Partial<CompleteState>, updateMask: string[]): ManifestResponse {
    this.updates.push({ state, updateMask });
    if (state.desiredState) this.desired = structuredClone(state.desiredState);
    this.emitChange();
    return this.nextResponse ?? { added_workloads: [], deleted_workloads: [] };
  }

  getCompleteState(): CompleteState {
    return { desiredState: this.snapshot(), workloadStates: { car: this.workloadStates() }, agents: {} };
  }

  getSdkState(masks?: string[]): SdkCompleteState {
    this.stateRequests.push(masks);
    return { desired_state: { api_version: 'v1', workloads: {}, configs: {} } };
  }

  workloadStates(): Record<string, Record<string, ExecutionState>> {
    return Object.fromEntries(Object.keys(this.desired.workloads).map((name) => [name, { [`${name}-id`]: RUNNING }]));
  }

  version(): string | null {
    return Object.keys(this.desired.workloads).length > 0 ? '1.2.3' : null;
  }

  health(): Record<string, 'healthy'> {
    return Object.fromEntries(Object.keys(this.desired.workloads).map((name) => [name, 'healthy' as const]));
  }

  setAgentLoad(load: { cpuUsage: number; freeMemory: number }): void {
    this.load = load;
  }

  setFaultRules(rules: FaultRule[]): void {
    this.faultRules = rules;
  }

  onChange(listener: () => void): () => void {
    this.listeners.push(listener);
    return () => this.listeners.splice(this.listeners.indexOf(listener), 1);
  }

  snapshot(): DesiredState {
    return structuredClone(this.desired);
  }

  /** As the real cluster: replaced on every change (tests assign `desired`). */
  currentDesired(): Readonly<DesiredState> {
    return this.desired;
  }

  restore(state: DesiredState): void {
    this.desired = structuredClone(state);
    this.emitChange();
  }

  stop(): void {
    this.stopped = true;
  }

  /** Test side: the workloads changed. */
  emitChange(): void {
    this.listeners.forEach((l) => l());
  }
}
