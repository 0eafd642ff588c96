import { aRolloutView, aStageView, counts } from '@fleet/console/testing';
import { rolloutTimeline } from './timeline-events';

const at = (s: number) => new Date(Date.UTC(2026, 10, 26, 10, 0, s)).toISOString();

describe(rolloutTimeline.name, () => {
  it('tells a completed rollout stage by stage: started, advanced, succeeded, finished', () => {
    const view = aRolloutView({
      status: 'completed',
      createdAt: at(0),
      startedAt: at(1),
      finishedAt: at(20),
      stages: [
        aStageView({ index: 0, name: 'munich', status: 'succeeded', total: 2, counts: counts({ succeeded: 2 }), startedAt: at(1), finishedAt: at(10) }),
        aStageView({ index: 1, name: 'berlin', status: 'succeeded', total: 1, counts: counts({ succeeded: 1 }), startedAt: at(10), finishedAt: at(20) }),
      ],
    });
    expect(rolloutTimeline(view).map((e) => [e.kind, e.stage, e.text])).toEqual([
      ['created', null, 'Created by olga'],
      ['started', null, 'Rollout started'],
      ['stage-started', 'munich', 'Stage munich started with 2 cars'],
      ['advanced', 'munich', 'Stage munich succeeded (2 of 2); advanced to berlin'],
      ['stage-started', 'berlin', 'Stage berlin started with 1 car'],
      ['succeeded', 'berlin', 'Stage berlin succeeded (1 of 1)'],
      ['finished', null, 'Completed'],
    ]);
  });

  it('puts what goes on now last: soaking cars and a rollback in progress', () => {
    const view = aRolloutView({
      status: 'running',
      createdAt: at(0),
      startedAt: at(1),
      stages: [
        aStageView({ index: 0, name: 'munich', status: 'running', total: 2, counts: counts({ soaking: 2 }), startedAt: at(1) }),
        aStageView({ index: 1, name: 'berlin', status: 'rolling-back', reason: 'stage berlin failed; rolling back', startedAt: at(2) }),
      ],
    });
    const events = rolloutTimeline(view);
    expect(events.slice(-2).map((e) => [e.at, e.kind, e.text])).toEqual([
      [null, 'soak', '2 cars soaking (3 s each)'],
      [null, 'rolling-back', 'stage berlin failed; rolling back'],
    ]);
  });

  it('names failures, rollbacks, approvals and the scheduled start with their reasons', () => {
    const view = aRolloutView({
      status: 'awaiting-approval',
      createdAt: at(0),
      startAt: at(30),
      startedAt: at(1),
      approvedBy: 'root',
      pendingApproval: { action: 'rollback', requestedBy: 'olga', requestedAt: at(12), stageIndex: 0 },
      stages: [aStageView({ index: 0, name: 'munich', status: 'failed', reason: '1 of 2 cars failed', startedAt: at(2), finishedAt: at(11) })],
    });
    expect(rolloutTimeline(view).map((e) => e.text)).toEqual([
      'Created by olga',
      'Rollout started (approved by root)',
      'Stage munich started with 0 cars',
      'Stage munich failed: 1 of 2 cars failed',
      'The rollback waits for approval (asked by olga)',
      'Scheduled start',
    ]);
  });
});
