/** Rollouts decide themselves whether an interrupted or unsent car is sent again (not while frozen, cancelled or failed). */
export const ROLLOUT_ACTOR_PREFIX = 'rollout:';

export function isRolloutActor(actor: string | undefined): boolean {
  return actor?.startsWith(ROLLOUT_ACTOR_PREFIX) ?? false;
}
