import { InitialSchema1795764165162 } from './1795764165162-initial-schema';

/** PostgreSQL migrations, oldest first. Written by `npm run db:migration`; do not edit by hand. */
export const POSTGRES_MIGRATIONS = [InitialSchema1795764165162];
