import { CoaState, FleetProviderState } from '@fleet/shared/contracts';
import { SymphonyTargetAgent } from './symphony-target-agent';
import { coaRequest, deployment, fleetWorkloads, TARGET, workload } from './testing/factories';
import { flush } from './testing/fakes';
import { harness } from './testing/harness';

const statuses = (json: { targets: Record<string, { components: Record<string, { status: number }> }> }) =>
  Object.fromEntries(Object.entries(json.targets[TARGET].components).map(([n, r]) => [n, r.status]));

describe(`${SymphonyTargetAgent.name} DELETE`, () => {
  it('removes the deployment components and leaves the rest of the car alone', async () => {
    const h = harness();
    h.cluster.seed({ ...fleetWorkloads('1.2.4'), diagnostics: workload('diagnostics', '9.9') });
    await h.agent.handleRequest(coaRequest('DELETE', deployment('1.2.4')));

    expect(h.last()).toMatchObject({ state: 200, json: { isRemoval: true, removed: true, successCount: 1 } });
    expect(statuses(h.last().json)).toEqual({ telematics: 8005, infotainment: 8005, adas: 8005 });
    expect(Object.keys(h.cluster.desired.workloads)).toEqual(['diagnostics']);
  });

  it('succeeds without changes when nothing of the deployment is on the car', async () => {
    const h = harness();
    await h.agent.handleRequest(coaRequest('DELETE', deployment('1.2.4')));
    expect(h.last()).toMatchObject({ state: 200, json: { skipped: true, removed: true } });
    expect(h.cluster.updates).toEqual([]);
  });

  it('restores the workloads when one cannot be deleted in time', async () => {
    const h = harness();
    h.cluster.seed(fleetWorkloads('1.2.4'));
    h.cluster.undeletable.add('adas');
    const done = h.agent.handleRequest(coaRequest('DELETE', deployment('1.2.4')));
    await flush();
    h.clock.advance(60_000);
    await done;

    expect(h.last().state).toBe(CoaState.InternalError);
    expect(statuses(h.last().json)).toEqual({ telematics: 8002, infotainment: 8002, adas: 8002 });
    expect(h.last().json.message).toContain('adas: still Stopping(DeleteFailed)');
    expect(h.cluster.desired.workloads).toEqual(fleetWorkloads('1.2.4'));
  });

  it('is interrupted when the vehicle starts driving, and puts the workloads back', async () => {
    const h = harness();
    h.cluster.seed(fleetWorkloads('1.2.4'));
    h.cluster.undeletable.add('adas');
    const done = h.agent.handleRequest(coaRequest('DELETE', deployment('1.2.4')));
    await flush();
    h.vehicle.set('driving');
    await done;

    expect(h.last().state).toBe(FleetProviderState.Interrupted);
    expect(h.cluster.desired.workloads).toEqual(fleetWorkloads('1.2.4'));
  });

  it('refuses while driving', async () => {
    const h = harness();
    h.cluster.seed(fleetWorkloads('1.2.4'));
    h.vehicle.set('driving');
    await h.agent.handleRequest(coaRequest('DELETE', deployment('1.2.4')));
    expect(h.last().state).toBe(CoaState.Conflict);
    expect(h.cluster.desired.workloads).toEqual(fleetWorkloads('1.2.4'));
  });
});
