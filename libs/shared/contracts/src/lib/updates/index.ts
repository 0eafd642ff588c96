export * from './fleet-version';
export * from './update-history';
export * from './update.dto';
export * from './version.dto';
export * from './component-spec.dto';
