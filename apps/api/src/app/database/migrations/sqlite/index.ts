import { InitialSchema1795764165162 } from './1795764165162-initial-schema';
import { AddDeploymentClaims1795942547425 } from './1795942547425-add-deployment-claims';

/** SQLite migrations, oldest first. Written by `npm run db:migration`; do not edit by hand. */
export const SQLITE_MIGRATIONS = [
  InitialSchema1795764165162,
  AddDeploymentClaims1795942547425,
];
