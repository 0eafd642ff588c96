import type { Role } from '@fleet/shared/contracts';

export interface NavItem {
  path: string;
  label: string;
  icon: string;
  /** The least role that may open it (the API's rule for the data behind it). */
  role: Role;
  /** Shown but not usable yet, with the reason as its tooltip. */
  unavailable?: string;
}

/** Top-level sections. */
export const NAV_ITEMS: readonly NavItem[] = [
  { path: '/cars', label: 'Cars', icon: 'directions_car', role: 'viewer' },
  { path: '/symphony', label: 'Symphony', icon: 'hub', role: 'viewer' },
  { path: '/rollouts', label: 'Rollouts', icon: 'stairs', role: 'viewer' },
  { path: '/admin/audit', label: 'Audit', icon: 'receipt_long', role: 'operator' },
  { path: '/admin/users', label: 'Users', icon: 'group', role: 'admin' },
  { path: '/admin/api-keys', label: 'API keys', icon: 'key', role: 'admin' },
];
