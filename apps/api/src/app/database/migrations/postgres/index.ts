import { InitialSchema1795764165162 } from './1795764165162-initial-schema';
import { AddDeploymentClaims1795942547425 } from './1795942547425-add-deployment-claims';

/** PostgreSQL migrations, oldest first. Written by `npm run db:migration`; do not edit by hand. */
export const POSTGRES_MIGRATIONS = [
  InitialSchema1795764165162,
  AddDeploymentClaims1795942547425,
];
