import type { WorkloadStatesReport } from '@fleet/shared/contracts';
import { workloadStatuses, workloadStatusesKeeping } from './workload-summary';

type Report = Pick<WorkloadStatesReport, 'workloadStates' | 'health'>;

function report(): Report {
  return {
    workloadStates: {
      telemetry: {
        t1: { state: 'Running', subState: 'Ok', additionalInfo: '' },
      },
      app: {
        a1: { state: 'Running', subState: 'Ok', additionalInfo: '' },
        a0: { state: 'Removed', subState: 'Removed', additionalInfo: '' },
      },
    },
    health: { app: 'healthy' },
  } as Report;
}

describe('workloadStatusesKeeping', () => {
  it('keeps the rows it has when a report repeats them (a heartbeat), parsed afresh', () => {
    const previous = workloadStatuses(report());
    expect(
      previous.map((r) => `${r.name}/${r.instanceId}/${r.health}`),
    ).toEqual(['app/a1/healthy', 'telemetry/t1/unknown']);
    expect(
      workloadStatusesKeeping(
        previous,
        JSON.parse(JSON.stringify(report())) as Report,
      ),
    ).toBe(previous);
    const { telemetry, app } = report().workloadStates;
    expect(
      workloadStatusesKeeping(previous, {
        ...report(),
        workloadStates: { app, telemetry },
      }),
    ).toBe(previous);
  });

  it.each<[string, (r: Report) => void]>([
    [
      'a state changed',
      (r) =>
        (r.workloadStates['app']['a1'] = {
          state: 'Failed',
          subState: 'ExecFailed',
          additionalInfo: 'x',
        }),
    ],
    [
      'only the additional info changed',
      (r) => (r.workloadStates['app']['a1'].additionalInfo = 'restarted'),
    ],
    ['the health changed', (r) => (r.health['app'] = 'unhealthy')],
    [
      'a health appeared for a workload that had none',
      (r) => (r.health['telemetry'] = 'healthy'),
    ],
    [
      'an instance was added',
      (r) =>
        (r.workloadStates['app']['a2'] = {
          state: 'Pending',
          subState: 'Initial',
          additionalInfo: '',
        }),
    ],
    [
      'an instance was removed',
      (r) =>
        (r.workloadStates['app']['a1'] = {
          state: 'Removed',
          subState: 'Removed',
          additionalInfo: '',
        }),
    ],
    ['a workload went away', (r) => delete r.workloadStates['telemetry']],
    [
      'an instance id changed',
      (r) => (r.workloadStates['app'] = { b1: r.workloadStates['app']['a1'] }),
    ],
  ])('builds new rows when %s', (_, change) => {
    const previous = workloadStatuses(report());
    const next = report();
    change(next);
    const kept = workloadStatusesKeeping(previous, next);
    expect(kept).not.toBe(previous);
    expect(kept).toEqual(workloadStatuses(next));
  });

  it('builds rows from none and keeps none for an empty report', () => {
    const empty: Report = { workloadStates: {}, health: {} };
    const none = workloadStatuses(empty);
    expect(workloadStatusesKeeping(none, empty)).toBe(none);
    expect(workloadStatusesKeeping(none, report())).toEqual(
      workloadStatuses(report()),
    );
  });
});
