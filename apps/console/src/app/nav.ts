export interface NavItem {
  path: string;
  label: string;
  icon: string;
}

/** Top-level sections; Rollouts and Symphony join here when their features exist. */
export const NAV_ITEMS: readonly NavItem[] = [{ path: '/cars', label: 'Cars', icon: 'directions_car' }];
