export * from './fleet-state';
export * from './mask-list';
export * from './fleet-state-query.dto';
export * from './car-logs-query.dto';
export * from './fault-rule.dto';
