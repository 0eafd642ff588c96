export { SymphonyTargetAgent, DRIVING_REFUSAL } from './symphony-target-agent';
export { DEFAULT_SYMPHONY_TIMEOUTS, DEFAULT_MAX_QUEUED } from './options';
export type { SymphonyTargetAgentOptions, SymphonyTimeouts } from './options';
export type { SymphonyCluster, VehiclePort, TimerPort, LogPort, PublishFn } from './ports';
export { INSTANCE_TAG } from './transaction';
export { INTERRUPTED_MESSAGE } from './install-results';
