import { ROLES, type Role } from '@fleet/shared/contracts';

export const ROLE_LABELS: Record<Role, string> = {
  viewer: 'Viewer (reads)',
  operator: 'Operator (changes cars, updates)',
  admin: 'Admin (also users and keys)',
};

export const ROLE_OPTIONS: readonly Role[] = ROLES;
