export type FaultKind = 'fail-start' | 'crash' | 'unhealthy';
export const FAULT_KINDS: readonly FaultKind[] = ['fail-start', 'crash', 'unhealthy'];

/** One fault rule. Every car applies the current list to the workloads it starts from then on. */
export interface FaultRule {
  /** Image reference or glob (`registry/telematics:1.2.4`, `*:1.2.4`, `*`). */
  image: string;
  fault: FaultKind;
  /** 0..1: the share of matching starts the fault hits. */
  probability: number;
  /** Only cars in this region when set. */
  region?: string;
  /** For `crash` and `unhealthy`: seconds after Running(Ok) before it strikes. */
  afterSeconds?: number;
}

/** Retained on `SIMULATION_FAULTS_TOPIC`; the agents subscribe to it. */
export interface FaultRuleSet {
  rules: FaultRule[];
  updatedAt: string;
}

export const SIMULATION_FAULTS_TOPIC = 'fleet/simulation/faults';
