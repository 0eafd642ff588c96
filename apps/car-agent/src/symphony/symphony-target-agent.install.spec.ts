import { CoaState, FleetProviderState } from '@fleet/shared/contracts';
import { SymphonyTargetAgent } from './symphony-target-agent';
import { AGENT, coaRequest, component, deployment, fleetWorkloads, image, TARGET, workload } from './testing/factories';
import { FakeCluster } from './testing/fake-cluster';
import { flush } from './testing/fakes';
import { harness } from './testing/harness';

const failing = (version: string) => new FakeCluster((_, spec) => (spec.runtimeConfig.includes(`adas:${version}`) ? 'start-fails' : 'healthy'));
const statuses = (json: { targets: Record<string, { components: Record<string, { status: number }> }> }) =>
  Object.fromEntries(Object.entries(json.targets[TARGET].components).map(([n, r]) => [n, r.status]));

describe(`${SymphonyTargetAgent.name} POST`, () => {
  it('updates the car, waits until it runs healthy and answers a summary of Updated components', async () => {
    const h = harness();
    h.cluster.seed(fleetWorkloads('1.2.3'));
    await h.agent.handleRequest(coaRequest('POST', deployment('1.2.4'), 'r-1'));

    const answer = h.last();
    expect(h.published[0].topic).toBe(`symphony/${TARGET}/response`);
    expect(answer).toMatchObject({ state: CoaState.OK, requestId: 'r-1', contentType: 'application/json' });
    expect(statuses(answer.json)).toEqual({ telematics: 8004, infotainment: 8004, adas: 8004 });
    expect(answer.json).toMatchObject({ targetCount: 1, successCount: 1, plannedDeployment: 3, currentDeployed: 3, allAssignedDeployed: true, jobID: '1' });
    expect(h.cluster.desired.workloads['adas']).toEqual({ ...workload('adas', '1.2.4'), tags: { 'symphony.instance': 'fleet-car-c1' } });
  });

  it('changes only the workloads it deploys, through update masks', async () => {
    const h = harness();
    h.cluster.seed({ ...fleetWorkloads('1.2.3'), diagnostics: workload('diagnostics', '9.9') });
    await h.agent.handleRequest(coaRequest('POST', deployment('1.2.4', [component('telematics', '1.2.4'), component('infotainment', '1.2.3'), component('adas', '1.2.3')])));

    expect(h.cluster.updates.map((u) => u.mask)).toEqual([['desiredState.workloads.telematics']]);
    expect(statuses(h.last().json)).toEqual({ telematics: 8004, infotainment: 9998, adas: 9998 });
    expect(h.cluster.desired.workloads['diagnostics']).toEqual(workload('diagnostics', '9.9'));
  });

  it('deletes components the same instance deployed before but the new version dropped', async () => {
    const h = harness();
    await h.agent.handleRequest(coaRequest('POST', deployment('1.2.4')));
    await h.agent.handleRequest(coaRequest('POST', deployment('1.3.0', [component('telematics', '1.3.0'), component('infotainment', '1.3.0')], { generation: '2', jobID: '2' })));

    expect(statuses(h.last().json)).toEqual({ telematics: 8004, infotainment: 8004, adas: 8005 });
    expect(Object.keys(h.cluster.desired.workloads)).toEqual(['telematics', 'infotainment']);
  });

  it('answers Untouched and changes nothing when the car already runs the version', async () => {
    const h = harness();
    h.cluster.seed(fleetWorkloads('1.2.4'));
    await h.agent.handleRequest(coaRequest('POST', deployment('1.2.4')));

    expect(h.last()).toMatchObject({ state: 200, json: { skipped: true, successCount: 1 } });
    expect(statuses(h.last().json)).toEqual({ telematics: 9998, infotainment: 9998, adas: 9998 });
    expect(h.cluster.updates).toEqual([]);
  });

  it('rolls back to the previous workloads when a workload fails to start, and says so', async () => {
    const h = harness({ cluster: failing('1.2.4') });
    h.cluster.seed(fleetWorkloads('1.2.3'));
    await h.agent.handleRequest(coaRequest('POST', deployment('1.2.4')));

    const answer = h.last();
    expect(answer.state).toBe(CoaState.InternalError);
    expect(statuses(answer.json)).toEqual({ telematics: 8001, infotainment: 8001, adas: 8001 });
    expect(answer.json.targets[TARGET].components.adas.message).toContain('Pending(StartingFailed)');
    expect(answer.json.targets[TARGET].components.telematics.message).toContain('rolled back');
    expect(answer.json.message).toMatch(/^update to fleet:1\.2\.4 failed: adas .*; previous workloads restored$/);
    expect(h.cluster.desired.workloads).toEqual(fleetWorkloads('1.2.3'));
  });

  it('fails and rolls back when the workloads do not run healthy in time', async () => {
    const h = harness({ cluster: new FakeCluster(() => 'stuck') });
    const done = h.agent.handleRequest(coaRequest('POST', deployment('1.2.4')));
    await flush();
    h.clock.advance(59_999);
    await flush();
    expect(h.published).toEqual([]);
    h.clock.advance(1);
    await flush();
    h.clock.advance(10_000);
    await done;

    const answer = h.last();
    expect(answer.state).toBe(CoaState.InternalError);
    expect(answer.json.message).toContain('not running healthy within 60 s');
    expect(answer.json.targets[TARGET].components.telematics.message).toContain('Pending(Starting)');
    expect(h.cluster.desired.workloads).toEqual({});
    expect(h.clock.pending()).toBe(0);
  });

  it('is interrupted, not failed, when the vehicle starts driving mid-install, and restores the previous state', async () => {
    const h = harness({ cluster: new FakeCluster((_, spec) => (spec.runtimeConfig.includes('1.2.4') ? 'stuck' : 'healthy')) });
    h.cluster.seed(fleetWorkloads('1.2.3'));
    const done = h.agent.handleRequest(coaRequest('POST', deployment('1.2.4')));
    await flush();
    h.vehicle.set('driving');
    await done;

    const answer = h.last();
    expect(answer.state).toBe(FleetProviderState.Interrupted);
    expect(statuses(answer.json)).toEqual({ telematics: 19001, infotainment: 19001, adas: 19001 });
    expect(answer.json.message).toMatch(/^interrupted: vehicle started driving; .*previous workloads restored/);
    expect(h.cluster.desired.workloads).toEqual(fleetWorkloads('1.2.3'));
    expect(h.vehicle.listenerCount()).toBe(0);
    expect(h.cluster.listenerCount()).toBe(0);
  });

  it('refuses while driving with 409 and the parked-only rule, touching nothing', async () => {
    const h = harness();
    h.vehicle.set('driving');
    await h.agent.handleRequest(coaRequest('POST', deployment('1.2.4')));

    expect(h.last()).toMatchObject({ state: CoaState.Conflict, json: { successCount: 0, message: 'refused: vehicle is driving; updates are applied only while parked' } });
    expect(h.cluster.updates).toEqual([]);
  });

  it('answers ValidateFailed for components Ankaios cannot run, touching nothing', async () => {
    const h = harness();
    const broken = component('adas', '1.2.4', { properties: { 'ankaios.runtime': 'docker', 'ankaios.runtimeConfig': 'image: [' } });
    await h.agent.handleRequest(coaRequest('POST', deployment('1.2.4', [component('telematics', '1.2.4'), broken])));

    expect(h.last().state).toBe(CoaState.BadRequest);
    expect(statuses(h.last().json)).toEqual({ telematics: 8003, adas: 8003 });
    expect(h.last().json.message).toContain('spec.components[1].properties.ankaios.runtime');
    expect(h.cluster.updates).toEqual([]);
  });

  it('reports UpdateFailed when Ankaios refuses the new state', async () => {
    const h = harness();
    h.cluster.refuseNext = "workload dependency 'adas' is part of a cycle.";
    await h.agent.handleRequest(coaRequest('POST', deployment('1.2.4')));

    expect(h.last().state).toBe(CoaState.InternalError);
    expect(h.last().json.targets[TARGET].components.adas).toEqual({ status: 8001, message: "workload dependency 'adas' is part of a cycle." });
  });

  it('validates but applies nothing on a dry run', async () => {
    const h = harness();
    await h.agent.handleRequest(coaRequest('POST', deployment('1.2.4', undefined, { isDryRun: true })));

    expect(h.last()).toMatchObject({ state: 200, json: { skipped: true } });
    expect(h.cluster.updates).toEqual([]);
  });

  it('does not wait for components pinned to another agent', async () => {
    const h = harness({ cluster: new FakeCluster((name) => (name === 'gateway' ? 'stuck' : 'healthy')) });
    const pinned = component('gateway', '1.0', { properties: { ...component('gateway', '1.0').properties, 'ankaios.agent': 'hpc2' } });
    await h.agent.handleRequest(coaRequest('POST', deployment('1.2.4', [component('telematics', '1.2.4'), pinned])));

    expect(h.last().state).toBe(200);
    expect(h.last().json.targets[TARGET].components.gateway.message).toBe(`applied for agent hpc2 (not observed from ${AGENT})`);
    expect(h.cluster.desired.workloads['gateway'].agent).toBe('hpc2');
  });

  it('takes only the components assigned to its target', async () => {
    const h = harness();
    await h.agent.handleRequest(coaRequest('POST', deployment('1.2.4', undefined, { assignments: { [TARGET]: '{telematics}', 'car-c2': '{adas}' } })));

    expect(Object.keys(h.cluster.desired.workloads)).toEqual(['telematics']);
    expect(h.cluster.desired.workloads['telematics'].runtimeConfig).toBe(`image: ${image('telematics', '1.2.4')}\n`);
  });
});
