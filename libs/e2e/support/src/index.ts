export * from './lib/api-process';
export * from './lib/fleet';
export * from './lib/mqtt-options';
export * from './lib/ports';
export * from './lib/processes';
export * from './lib/rollouts';
export * from './lib/services';
export * from './lib/wait';
