import { FINAL_ROLLOUT_STATUSES, type RolloutView } from '@fleet/shared/contracts';

export type RolloutAction = 'start' | 'pause' | 'resume' | 'next-stage' | 'cancel' | 'rollback' | 'approve';

/** Who looks at the rollout: operators may command it, admins may also approve. */
export interface RolloutActor {
  username: string;
  canOperate: boolean;
  isAdmin: boolean;
}

const NOTHING_TO_ROLL_BACK = new Set(['draft', 'scheduled', 'cancelled', 'rolled-back', 'rolling-back']);

/** The API's rules for the pending approval: an admin, neither the one who asked nor (for a start) the creator. */
export function mayApprove(view: RolloutView, actor: RolloutActor | null): boolean {
  const pending = view.pendingApproval;
  if (!pending || !actor?.isAdmin) return false;
  if (actor.username === pending.requestedBy) return false;
  return !(pending.action === 'start' && actor.username === view.createdBy);
}

/** The commands the API would accept now from `actor`, in the order the controls show them. */
export function rolloutActions(view: RolloutView, actor: RolloutActor | null): RolloutAction[] {
  const actions: RolloutAction[] = [];
  if (mayApprove(view, actor)) actions.push('approve');
  if (!actor?.canOperate) return actions;
  const { status, pendingApproval } = view;
  const final = FINAL_ROLLOUT_STATUSES.includes(status);
  if (status === 'draft') actions.push('start');
  if (status === 'running') actions.push('pause');
  if (status === 'paused' || status === 'frozen' || (status === 'awaiting-approval' && pendingApproval?.action === 'rollback'))
    actions.push('resume');
  if ((status === 'running' || status === 'paused') && view.stages.some((s) => s.status === 'pending')) actions.push('next-stage');
  const awaitingStart = status === 'awaiting-approval' && pendingApproval?.action === 'start';
  if (!NOTHING_TO_ROLL_BACK.has(status) && !awaitingStart && !(status === 'awaiting-approval' && pendingApproval?.action === 'rollback'))
    actions.push('rollback');
  if (!final) actions.push('cancel');
  return actions;
}

/** Why an admin sees a pending approval but no approve button; null when nothing waits or they may approve. */
export function approvalNote(view: RolloutView, actor: RolloutActor | null): string | null {
  const pending = view.pendingApproval;
  if (!pending || mayApprove(view, actor)) return null;
  const what = pending.action === 'start' ? 'The start' : 'The rollback';
  return `${what} waits for an admin other than ${pending.requestedBy}${pending.action === 'start' && view.createdBy !== pending.requestedBy ? ` and ${view.createdBy}` : ''}.`;
}
