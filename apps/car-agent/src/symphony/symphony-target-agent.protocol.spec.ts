import { CoaState } from '@fleet/shared/contracts';
import { encodeCoaRequest, serializeCoa } from '@fleet/shared/symphony/util';
import { SymphonyTargetAgent } from './symphony-target-agent';
import { coaRequest, component, deployment, fleetWorkloads, TARGET, workload } from './testing/factories';
import { FakeCluster } from './testing/fake-cluster';
import { flush } from './testing/fakes';
import { harness } from './testing/harness';

describe(`${SymphonyTargetAgent.name} protocol`, () => {
  it('listens and answers on the per-car Symphony topics', () => {
    const { agent } = harness();
    expect([agent.requestTopic, agent.responseTopic]).toEqual(['symphony/car-c1/request', 'symphony/car-c1/response']);
  });

  it('answers an unknown route with 404 "route not found", as the COA MQTT binding does', async () => {
    const h = harness();
    await h.agent.handleRequest(coaRequest('GET', deployment('1.2.4'), 'r-404', { route: 'targets' }));
    expect(h.last()).toMatchObject({ state: 404, requestId: 'r-404', contentType: 'text/plain', text: 'route not found' });
  });

  it('answers other methods with 405, as the solution vendor does', async () => {
    const h = harness();
    await h.agent.handleRequest(coaRequest('PUT', deployment('1.2.4')));
    expect(h.last()).toMatchObject({ state: 405, json: { result: '405 - method not allowed' } });
  });

  it('drops a payload that is not a COA request, and answers 400 when its request id can be read', async () => {
    const h = harness();
    await h.agent.handleRequest('not json');
    await h.agent.handleRequest(Buffer.from('{"method":"POST","metadata":{"request-id":"r-bad"}}'));
    expect(h.answers()).toEqual([expect.objectContaining({ state: 400, requestId: 'r-bad', text: 'malformed COA request: route is missing' })]);
    expect(h.log.lines.filter((l) => l.level === 'warn')).toHaveLength(2);
  });

  it('answers 400 for a body that is not a DeploymentSpec', async () => {
    const h = harness();
    await h.agent.handleRequest(coaRequest('POST', '{"solution": 7}'));
    expect(h.last()).toMatchObject({ state: 400, text: 'bad deployment: solution.spec is missing' });
  });

  it('refuses a request meant for another target', async () => {
    const h = harness();
    await h.agent.handleRequest(coaRequest('POST', deployment('1.2.4'), 'r-x', { target: 'car-c2' }));
    expect(h.last()).toMatchObject({ state: 400, text: 'request for target car-c2 reached car-c1' });
    expect(h.cluster.updates).toEqual([]);
  });

  it('answers GET with the components the deployment concerns', async () => {
    const h = harness();
    h.cluster.seed({ ...fleetWorkloads('1.2.3'), diagnostics: workload('diagnostics', '9.9') });
    await h.agent.handleRequest(coaRequest('GET', deployment('1.2.4')));
    expect(h.last().state).toBe(200);
    expect(h.last().json.map((c: { name: string }) => c.name)).toEqual(['adas', 'infotainment', 'telematics']);
    expect(h.last().json[0]).toEqual({
      name: 'adas',
      type: 'ankaios-workload',
      properties: { 'ankaios.runtime': 'podman', 'ankaios.restartPolicy': 'ALWAYS', 'ankaios.runtimeConfig': 'image: ghcr.io/fleet-ota/adas:1.2.3\n' },
    });
  });

  it('answers GET without a body with every workload of the car', async () => {
    const h = harness();
    h.cluster.seed({ ...fleetWorkloads('1.2.3'), diagnostics: workload('diagnostics', '9.9') });
    await h.agent.handleRequest(serializeCoa(encodeCoaRequest({ method: 'GET', route: 'instances', metadata: { 'request-id': 'r-all' } })));
    expect(h.last().json).toHaveLength(4);
  });

  it('answers a repeated request id with the stored answer without applying again', async () => {
    const h = harness();
    const request = coaRequest('POST', deployment('1.2.4'), 'r-dup');
    await h.agent.handleRequest(request);
    await h.agent.handleRequest(request);
    expect(h.answers().map((a) => [a.state, a.requestId])).toEqual([[200, 'r-dup'], [200, 'r-dup']]);
    expect(h.cluster.updates).toHaveLength(1);
  });

  it('answers a duplicate that arrives while the first is still installing once that one is done', async () => {
    const h = harness({ cluster: new FakeCluster(() => 'stuck') });
    const request = coaRequest('POST', deployment('1.2.4', [component('telematics', '1.2.4')]), 'r-slow');
    const first = h.agent.handleRequest(request);
    const second = h.agent.handleRequest(request);
    await flush();
    h.cluster.settle('telematics', 'healthy');
    await Promise.all([first, second]);
    expect(h.answers().map((a) => a.state)).toEqual([200, 200]);
    expect(h.cluster.updates).toHaveLength(1);
  });

  it('answers the stored result for a generation and job already applied, with the new request id', async () => {
    const h = harness();
    await h.agent.handleRequest(coaRequest('POST', deployment('1.2.4'), 'r-a'));
    await h.agent.handleRequest(coaRequest('POST', deployment('1.2.4'), 'r-b'));
    expect(h.answers().map((a) => [a.requestId, a.json.targets[TARGET].components.adas.status])).toEqual([
      ['r-a', CoaState.Updated],
      ['r-b', CoaState.Updated],
    ]);
    expect(h.cluster.updates).toHaveLength(1);
  });

  it('applies the same generation again when the car no longer matches it', async () => {
    const h = harness();
    await h.agent.handleRequest(coaRequest('POST', deployment('1.2.4'), 'r-a'));
    h.cluster.updateState({ desiredState: { apiVersion: 'v1', workloads: {}, configs: {} } }, ['desiredState.workloads.adas']);
    await h.agent.handleRequest(coaRequest('POST', deployment('1.2.4'), 'r-b'));
    expect(h.cluster.desired.workloads['adas']).toBeDefined();
    expect(h.last().json.targets[TARGET].components).toMatchObject({ adas: { status: 8004 }, telematics: { status: 9998 } });
  });

  it('serialises installs and refuses new ones beyond the queue bound', async () => {
    const h = harness({ cluster: new FakeCluster(() => 'stuck'), maxQueued: 1 });
    const one = component('telematics', '1.2.4');
    const first = h.agent.handleRequest(coaRequest('POST', deployment('1.2.4', [one], { generation: '1' })));
    const second = h.agent.handleRequest(coaRequest('POST', deployment('1.2.4', [one], { generation: '2' })));
    await h.agent.handleRequest(coaRequest('POST', deployment('1.2.4', [one], { generation: '3' }), 'r-busy'));
    expect(h.answers()).toEqual([expect.objectContaining({ state: CoaState.Conflict, requestId: 'r-busy' })]);
    expect(h.cluster.updates).toHaveLength(1);
    h.cluster.settle('telematics', 'healthy');
    await Promise.all([first, second]);
    expect(h.answers().map((a) => a.state)).toEqual([409, 200, 200]);
  });

  it('never throws when publishing fails', async () => {
    const h = harness();
    const agent = new SymphonyTargetAgent({
      targetName: TARGET,
      agentName: 'c1',
      cluster: h.cluster,
      vehicle: h.vehicle,
      clock: h.clock,
      log: h.log,
      publish: () => Promise.reject(new Error('broker gone')),
    });
    await expect(agent.handleRequest(coaRequest('GET', deployment('1.2.4')))).resolves.toBeUndefined();
    expect(h.log.lines).toContainEqual({ level: 'error', message: 'symphony: request handling failed' });
  });
});
