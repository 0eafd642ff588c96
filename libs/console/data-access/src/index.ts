export * from './lib/api/api-config';
export * from './lib/api/api-error';
export * from './lib/api/cars-api';
export * from './lib/realtime/realtime-socket';
export * from './lib/realtime/realtime-client';
export * from './lib/fleet/fleet-summary-store';
export * from './lib/cars/car-filter';
export * from './lib/cars/car-list';
export * from './lib/cars/cars-store';
export * from './lib/car-detail/car-detail-store';
export * from './lib/logs/log-buffer';
export * from './lib/logs/car-logs-client';
export * from './lib/logs/car-logs-store';
/** Test helper; tree-shaken from production builds. */
export * from './lib/testing/fake-realtime-socket';
