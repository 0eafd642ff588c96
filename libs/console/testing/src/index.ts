export * from './lib/factories';
export * from './lib/update-factories';
export * from './lib/admin-factories';
export * from './lib/rollout-factories';
