import type { Route } from '@angular/router';
import { roleGuard } from '@fleet/console/data-access';
import { RolloutDetailPage } from './rollout-detail/rollout-detail-page';
import { RolloutWizardPage } from './rollout-wizard/rollout-wizard-page';
import { RolloutsPage } from './rollouts-page/rollouts-page';

/** Mount under `rollouts`: the list (viewer+), the wizard (operator+, as the API allows) and one rollout, live. */
export const rolloutsRoutes: Route[] = [
  { path: '', component: RolloutsPage, title: 'Rollouts · Fleet OTA console' },
  { path: 'new', component: RolloutWizardPage, canActivate: [roleGuard('operator')], title: 'New rollout · Fleet OTA console' },
  { path: ':id', component: RolloutDetailPage, title: 'Rollout · Fleet OTA console' },
];
