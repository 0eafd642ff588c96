import { CoaState, FleetProviderState } from '@fleet/shared/contracts';
import {
  buildSummaryResult,
  buildTargetSummary,
  componentResult,
  mergeSummaries,
  summarizeTargets,
  targetOutcome,
  TargetStatus,
  unknownTargets,
} from './summary';

describe(buildTargetSummary.name, () => {
  it('counts a target whose components all updated or stayed as a success', () => {
    const summary = buildTargetSummary({
      target: 'car-c1',
      components: { telematics: componentResult(CoaState.Updated, 'Running(Ok), healthy'), adas: componentResult(CoaState.Untouched, 'unchanged') },
      jobID: '7',
      message: 'updated to fleet:1.2.4',
    });
    expect(summary).toEqual({
      targetCount: 1,
      successCount: 1,
      plannedDeployment: 2,
      currentDeployed: 2,
      targets: {
        'car-c1': {
          status: 'OK',
          message: 'updated to fleet:1.2.4',
          components: { telematics: { status: 8004, message: 'Running(Ok), healthy' }, adas: { status: 9998, message: 'unchanged' } },
        },
      },
      message: 'updated to fleet:1.2.4',
      jobID: '7',
      skipped: false,
      isRemoval: false,
      allAssignedDeployed: true,
      removed: false,
    });
  });

  it('marks the target as an error when one component failed', () => {
    const summary = buildTargetSummary({
      target: 'car-c1',
      components: { telematics: componentResult(CoaState.UpdateFailed, 'Pending(StartingFailed)'), adas: componentResult(CoaState.UpdateFailed, 'rolled back') },
    });
    expect(summary.successCount).toBe(0);
    expect(summary.currentDeployed).toBe(0);
    expect(summary.allAssignedDeployed).toBe(false);
    expect(summary.targets?.['car-c1'].status).toBe('Error');
  });

  it('marks a completed removal as removed with nothing deployed', () => {
    const summary = buildTargetSummary({ target: 'car-c1', components: { adas: componentResult(CoaState.Deleted, 'deleted') }, isRemoval: true });
    expect(summary).toMatchObject({ successCount: 1, currentDeployed: 0, isRemoval: true, removed: true, allAssignedDeployed: true });
  });
});

describe(targetOutcome.name, () => {
  it.each([
    [[CoaState.Updated, CoaState.Untouched], 'OK', 'succeeded'],
    [[CoaState.UpdateFailed, CoaState.Updated], 'Error', 'failed'],
    [[FleetProviderState.Interrupted, CoaState.UpdateFailed], 'Error', 'interrupted'],
  ])('classifies %p (%s) as %s', (codes, status, outcome) => {
    const components = Object.fromEntries(codes.map((c, i) => [`w${i}`, componentResult(c, '')]));
    expect(targetOutcome({ status, components })).toBe(outcome);
  });
});

describe(mergeSummaries.name, () => {
  it('adds up targets of several cars', () => {
    const ok = buildTargetSummary({ target: 'car-a', components: { t: componentResult(CoaState.Updated, '') } });
    const failed = buildTargetSummary({ target: 'car-b', components: { t: componentResult(CoaState.UpdateFailed, '') } });
    const merged = mergeSummaries([ok, failed], 'stage munich');
    expect(merged).toMatchObject({ targetCount: 2, successCount: 1, plannedDeployment: 2, currentDeployed: 1, allAssignedDeployed: false, message: 'stage munich' });
    expect(Object.keys(merged.targets ?? {})).toEqual(['car-a', 'car-b']);
  });
});

describe(buildSummaryResult.name, () => {
  it('stamps generation, time and the done state', () => {
    const summary = buildTargetSummary({ target: 'car-a', components: {} });
    expect(buildSummaryResult(summary, { generation: '3', time: new Date('2026-11-20T08:00:00Z'), deploymentHash: 'h' })).toEqual({
      summary,
      generation: '3',
      time: '2026-11-20T08:00:00.000Z',
      state: 2,
      deploymentHash: 'h',
    });
  });
});

describe(summarizeTargets.name, () => {
  const ok = {
    status: 'OK',
    components: {
      a: { status: 8004, message: 'updated' },
      b: { status: 9998, message: 'unchanged' },
    },
  };
  const failed = {
    status: 'Error',
    message: 'broken',
    components: { a: { status: 8001, message: 'failed' } },
  };
  const unknown = {
    status: TargetStatus.unknown,
    components: { a: { status: 9994, message: 'unknown: no answer yet' } },
  };

  it('counts targets, successes and components over every target result', () => {
    const summary = summarizeTargets({ 'car-1': ok, 'car-2': failed }, { message: 'm', jobID: 'j' });
    expect(summary).toMatchObject({
      targetCount: 2,
      successCount: 1,
      plannedDeployment: 3,
      currentDeployed: 2,
      allAssignedDeployed: false,
      isRemoval: false,
      removed: false,
      message: 'm',
      jobID: 'j',
    });
    expect(summarizeTargets({ 'car-1': ok }).allAssignedDeployed).toBe(true);
  });

  it('marks a removal removed only when every target removed it, and lists targets still unknown', () => {
    const removed = {
      status: 'OK',
      components: { a: { status: 8005, message: 'deleted' } },
    };
    expect(summarizeTargets({ 'car-1': removed }, { isRemoval: true })).toMatchObject({
      removed: true,
      currentDeployed: 0,
    });
    expect(summarizeTargets({ 'car-1': removed, 'car-2': failed }, { isRemoval: true }).removed).toBe(false);
    expect(unknownTargets(summarizeTargets({ 'car-1': ok, 'car-2': unknown }))).toEqual(['car-2']);
  });
});
