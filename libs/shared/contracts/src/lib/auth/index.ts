export * from './roles';
export * from './auth';
export * from './auth.dto';
export * from './audit';
