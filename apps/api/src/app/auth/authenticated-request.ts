import type { Principal } from '@fleet/shared/contracts';
import type { RequestWithCorrelation } from '../common/correlation-id';

/** A request after the global guard: `user` is set on every route that is not public. */
export type AuthenticatedRequest = RequestWithCorrelation & {
  user?: Principal;
};
