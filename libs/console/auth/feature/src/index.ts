export * from './lib/login/login-page';
export * from './lib/admin.routes';
export * from './lib/users/users-page';
export * from './lib/api-keys/api-keys-page';
export * from './lib/audit/audit-page';
