export { SimulatedCluster } from './simulated-cluster';
export type { SimulatedClusterOptions, ClusterLogLine, RetryOptions } from './options';
export type { Scheduler, TimerHandle } from './scheduler';
export { realScheduler } from './scheduler';
export { FakeScheduler } from './fake-scheduler';
export { CLUSTER_LOG_SOURCE } from './options';
