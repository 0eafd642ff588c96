export * from './lib/console-rollouts-feature/console-rollouts-feature';
