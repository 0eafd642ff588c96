export * from './rollout-status';
export * from './rollout-definition';
export * from './definition-checks';
export * from './rollout-view';
export * from './rollout.dto';
