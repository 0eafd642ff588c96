import type { SimulatedCluster, SimulatedClusterOptions } from '../ankaios';

/** The part of the simulated cluster the agent drives; unit tests pass a fake of it. */
export type ClusterPort = Pick<
  SimulatedCluster,
  | 'applyManifest'
  | 'deleteManifest'
  | 'updateState'
  | 'getCompleteState'
  | 'getSdkState'
  | 'workloadStates'
  | 'version'
  | 'health'
  | 'setAgentLoad'
  | 'setFaultRules'
  | 'onChange'
  | 'snapshot'
  | 'currentDesired'
  | 'restore'
  | 'stop'
>;

export type ClusterFactory = (options: SimulatedClusterOptions) => ClusterPort;
