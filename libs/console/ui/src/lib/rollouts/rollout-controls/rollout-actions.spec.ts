import { aRolloutView, aStageView } from '@fleet/console/testing';
import type { RolloutStatus } from '@fleet/shared/contracts';
import { approvalNote, rolloutActions, type RolloutActor } from './rollout-actions';

const operator: RolloutActor = { username: 'olga', canOperate: true, isAdmin: false };
const admin: RolloutActor = { username: 'root', canOperate: true, isAdmin: true };
const viewer: RolloutActor = { username: 'vic', canOperate: false, isAdmin: false };
const withPending = (status: RolloutStatus) =>
  aRolloutView({ status, stages: [aStageView({ status: 'succeeded' }), aStageView({ index: 1, name: 'berlin', status: 'pending' })] });

describe(rolloutActions.name, () => {
  it.each<[RolloutStatus, string[]]>([
    ['draft', ['start', 'cancel']],
    ['scheduled', ['cancel']],
    ['running', ['pause', 'next-stage', 'rollback', 'cancel']],
    ['paused', ['resume', 'next-stage', 'rollback', 'cancel']],
    ['frozen', ['resume', 'rollback', 'cancel']],
    ['rolling-back', ['cancel']],
    ['completed', ['rollback']],
    ['failed', ['rollback']],
    ['rolled-back', []],
    ['cancelled', []],
  ])('offers an operator of a %s rollout: %j', (status, expected) => {
    expect(rolloutActions(withPending(status), operator)).toEqual(expected);
  });

  it('offers no next stage once every stage has started', () => {
    const view = aRolloutView({ status: 'running', stages: [aStageView({ status: 'running' })] });
    expect(rolloutActions(view, operator)).toEqual(['pause', 'rollback', 'cancel']);
  });

  it('offers a viewer nothing', () => {
    expect(rolloutActions(withPending('running'), viewer)).toEqual([]);
    expect(rolloutActions(withPending('running'), null)).toEqual([]);
  });

  it('lets only a second admin approve, and lets an operator decline a pending rollback by resuming', () => {
    const start = aRolloutView({ status: 'awaiting-approval', createdBy: 'olga', pendingApproval: { action: 'start', requestedBy: 'olga', requestedAt: '', stageIndex: null } });
    expect(rolloutActions(start, admin)).toEqual(['approve', 'cancel']);
    expect(rolloutActions(start, { ...admin, username: 'olga' })).toEqual(['cancel']);
    expect(rolloutActions(start, operator)).toEqual(['cancel']);
    const revert = aRolloutView({ status: 'awaiting-approval', pendingApproval: { action: 'rollback', requestedBy: 'root', requestedAt: '', stageIndex: null } });
    expect(rolloutActions(revert, operator)).toEqual(['resume', 'cancel']);
    expect(rolloutActions(revert, admin)).toEqual(['resume', 'cancel']);
    expect(rolloutActions(revert, { ...admin, username: 'ada' })).toEqual(['approve', 'resume', 'cancel']);
  });
});

describe(approvalNote.name, () => {
  it('tells an admin who may not approve why', () => {
    const start = aRolloutView({ status: 'awaiting-approval', createdBy: 'olga', pendingApproval: { action: 'start', requestedBy: 'root', requestedAt: '', stageIndex: null } });
    expect(approvalNote(start, admin)).toBe('The start waits for an admin other than root and olga.');
    expect(approvalNote(start, { ...admin, username: 'ada' })).toBeNull();
    expect(approvalNote(aRolloutView(), admin)).toBeNull();
  });
});
