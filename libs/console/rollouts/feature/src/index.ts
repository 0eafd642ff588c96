export * from './lib/rollouts.routes';
export * from './lib/rollouts-page/rollouts-page';
export * from './lib/rollout-wizard/rollout-wizard-page';
export * from './lib/rollout-detail/rollout-detail-page';
