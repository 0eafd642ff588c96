import type { Route } from '@angular/router';
import { roleGuard } from '@fleet/console/data-access';
import { ApiKeysPage } from './api-keys/api-keys-page';
import { AuditPage } from './audit/audit-page';
import { UsersPage } from './users/users-page';

/** Mount under `admin`: users and API keys for admins, the audit trail for operators and admins (the API's rules). */
export const adminRoutes: Route[] = [
  { path: '', pathMatch: 'full', redirectTo: 'audit' },
  { path: 'users', component: UsersPage, canActivate: [roleGuard('admin')], title: 'Users · Fleet OTA console' },
  { path: 'api-keys', component: ApiKeysPage, canActivate: [roleGuard('admin')], title: 'API keys · Fleet OTA console' },
  { path: 'audit', component: AuditPage, canActivate: [roleGuard('operator')], title: 'Audit · Fleet OTA console' },
];
