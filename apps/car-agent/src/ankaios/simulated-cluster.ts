import type {
  CompleteState,
  DesiredState,
  ExecutionState,
  FaultRule,
  ManifestResponse,
  SdkCompleteState,
  WorkloadHealth,
} from '@fleet/shared/contracts';
import type { SimulatedClusterOptions } from './options';

/** Interface-first stub; the implementation follows. */
export class SimulatedCluster {
  constructor(private readonly options: SimulatedClusterOptions) {}

  applyManifest(_manifest: string): ManifestResponse {
    return { added_workloads: [], deleted_workloads: [], error: 'not implemented' };
  }

  deleteManifest(_manifest: string): ManifestResponse {
    return { added_workloads: [], deleted_workloads: [], error: 'not implemented' };
  }

  updateState(_state: Partial<CompleteState>, _updateMask: string[]): ManifestResponse {
    return { added_workloads: [], deleted_workloads: [], error: 'not implemented' };
  }

  getCompleteState(_masks?: string[]): CompleteState {
    return { desiredState: this.snapshot(), workloadStates: {}, agents: {} };
  }

  getSdkState(_masks?: string[]): SdkCompleteState {
    return {};
  }

  workloadStates(): Record<string, Record<string, ExecutionState>> {
    return {};
  }

  version(): string | null {
    return null;
  }

  health(): Record<string, WorkloadHealth> {
    return {};
  }

  setAgentLoad(_load: { cpuUsage: number; freeMemory: number }): void {
    return;
  }

  setFaultRules(_rules: FaultRule[]): void {
    return;
  }

  onChange(_listener: () => void): () => void {
    return () => undefined;
  }

  snapshot(): DesiredState {
    return { apiVersion: 'v1', workloads: {}, configs: {} };
  }

  restore(_state: DesiredState): void {
    return;
  }

  stop(): void {
    return;
  }
}
