/**
 * Runs the BUILT agent (dist/apps/car-agent/main.js) as a real child process against an embedded
 * aedes broker. `npx nx test car-agent` builds it first (the test target depends on build); when
 * running jest directly, run `npx nx build car-agent` before.
 */
import { randomUUID } from 'node:crypto';
import { CarTopics, FleetConnectorTopics, symphonyTargetName, SymphonyTopics } from '@fleet/shared/contracts';
import type {
  AgentHello,
  AgentStatusMessage,
  CarCommandResult,
  SdkCompleteState,
  VehicleTelemetry,
  WorkloadStatesReport,
} from '@fleet/shared/contracts';
import { coaRequest, deployment, readAnswer } from '../symphony/testing/factories';
import { tempDir } from '../testing/factories';
import { until } from '../testing/transport-recorder';
import { TELEMETRY_HEARTBEAT_MS } from '../reporting/telemetry-reporter';
import { REPORT_HEARTBEAT_MS } from '../reporting/workload-reporter';
import { AgentProcess, BASE_MANIFEST } from './agent-process';
import { MqttProbe } from './mqtt-probe';
import { startTestBroker, TestBroker } from './test-broker';

jest.setTimeout(30_000);

const WORKLOADS = ['adas', 'infotainment', 'telematics'];

describe('car-agent process', () => {
  let broker: TestBroker;
  let probe: MqttProbe;
  let runFolder: ReturnType<typeof tempDir>;
  let carId: string;
  const agents: AgentProcess[] = [];

  const startAgent = (options: { ipc?: boolean } = {}) => {
    const agent = AgentProcess.spawn([
      '--name', carId, '--server-url', broker.url, '--insecure', '--tag', 'region=munich', '--tag', 'model=sedan',
      '--run-folder', runFolder.path, '--manifest', BASE_MANIFEST, '--sim-speed', '20',
    ], options);
    agents.push(agent);
    return agent;
  };

  const online = () =>
    probe.waitFor<AgentStatusMessage>(CarTopics.status(carId), (s) => s.online);

  beforeAll(async () => {
    broker = await startTestBroker();
  });

  afterAll(async () => {
    await broker.close();
  });

  beforeEach(async () => {
    carId = `it-${randomUUID().slice(0, 8)}`;
    runFolder = tempDir();
    probe = await MqttProbe.connect(broker.url);
    await probe.subscribe(`fleet/cars/${carId}/#`, `vehicle/${carId}/#`);
  });

  afterEach(async () => {
    await Promise.all(agents.splice(0).map((a) => a.kill()));
    await probe.close();
    runFolder.remove();
  });

  it('comes online with a retained status and a hello', async () => {
    const agent = startAgent();
    const status = await online();
    const hello = await probe.waitFor<AgentHello>(CarTopics.hello(carId), () => true);
    expect(hello).toMatchObject({ name: carId, protocolVersion: '1', instanceId: status.instanceId, tags: { region: 'munich', model: 'sedan' }, pid: agent.pid });

    const late = await MqttProbe.connect(broker.url);
    try {
      await late.subscribe(CarTopics.status(carId));
      const retained = await late.waitFor<AgentStatusMessage>(CarTopics.status(carId), (_s, m) => m.retained);
      expect(retained).toMatchObject({ name: carId, online: true, instanceId: status.instanceId });
    } finally {
      await late.close();
    }
  });

  it('runs the base manifest: every workload Running(Ok) at version 1.2.3', async () => {
    startAgent();
    const report = await probe.waitFor<WorkloadStatesReport>(CarTopics.workloadStates(carId), (r) =>
      WORKLOADS.every((w) => Object.values(r.workloadStates[w] ?? {}).some((s) => s.state === 'Running' && s.subState === 'Ok')),
    );
    expect(Object.keys(report.workloadStates).sort()).toEqual(WORKLOADS);
    expect(report.version).toBe('1.2.3');
    expect(report.agent).toBe(carId);
  });

  it('answers a fleet-connector state request from a plain MQTT client', async () => {
    startAgent();
    await online();
    await probe.waitFor<WorkloadStatesReport>(CarTopics.workloadStates(carId), (r) =>
      Object.values(r.workloadStates['telematics'] ?? {}).some((s) => s.state === 'Running'),
    );
    await probe.publish(FleetConnectorTopics.stateRequest(carId), '["workloadStates"]');
    const answer = await probe.waitFor<SdkCompleteState>(FleetConnectorTopics.stateResponse(carId), () => true);
    const telematics = Object.values(answer.workload_states?.[carId]?.['telematics'] ?? {});
    expect(telematics).toEqual([expect.objectContaining({ state: 'RUNNING', substate: 'RUNNING_OK' })]);

    await probe.publish(FleetConnectorTopics.stateRequest(carId), 'no masks');
    const refusal = await probe.waitFor<SdkCompleteState>(FleetConnectorTopics.stateResponse(carId), (a) => a.error !== undefined);
    expect(refusal.error).toContain('field masks');
  });

  it('changes the vehicle state on command and answers', async () => {
    startAgent();
    await online();
    const requestId = randomUUID();
    await probe.publish(CarTopics.command(carId), JSON.stringify({ requestId, type: 'set-vehicle-state', state: 'driving' }));
    const result = await probe.waitFor<CarCommandResult>(CarTopics.commandResponse(carId), (r) => r.requestId === requestId);
    expect(result.ok).toBe(true);
    const telemetry = await probe.waitFor<VehicleTelemetry>(CarTopics.vehicle(carId), (t) => t.state === 'driving');
    expect(telemetry.speedKmh).toBeGreaterThanOrEqual(30);
    expect(telemetry.region).toBe('munich');
  });

  it('publishes its load at QoS 0; status, hello, workloads, answers and a vehicle state change at QoS 1', async () => {
    const atBroker: { topic: string; qos: number; payload: string }[] = [];
    const record = (packet: { topic: string; qos: number; payload: Buffer | string }, client: unknown) => {
      if (!client || !packet.topic.startsWith(`fleet/cars/${carId}/`)) return;
      atBroker.push({ topic: packet.topic, qos: packet.qos, payload: packet.payload.toString() });
    };
    const drivingTelemetry = () => atBroker.find((p) => p.topic === CarTopics.vehicle(carId) && p.payload.includes('"driving"'));
    broker.aedes.on('publish', record);
    try {
      startAgent();
      await online();
      await probe.waitFor(CarTopics.load(carId), () => true);
      const requestId = randomUUID();
      await probe.publish(CarTopics.command(carId), JSON.stringify({ requestId, type: 'set-vehicle-state', state: 'driving' }));
      await probe.waitFor<VehicleTelemetry>(CarTopics.vehicle(carId), (t) => t.state === 'driving');
      await until('the driving telemetry at the broker', () => drivingTelemetry() !== undefined);
    } finally {
      broker.aedes.removeListener('publish', record);
    }

    const qosOn = (topic: string) => [...new Set(atBroker.filter((p) => p.topic === topic).map((p) => p.qos))];
    expect(qosOn(CarTopics.load(carId))).toEqual([0]);
    for (const topic of [CarTopics.status(carId), CarTopics.hello(carId), CarTopics.workloadStates(carId), CarTopics.commandResponse(carId)]) {
      expect({ topic, qos: qosOn(topic) }).toEqual({ topic, qos: [1] });
    }
    expect(drivingTelemetry()?.qos).toBe(1);
  });

  it('repeats its telemetry every 5 s and its workload states every 10 s at QoS 0, with nothing changed', async () => {
    const atBroker: { topic: string; qos: number; payload: string; at: number }[] = [];
    const record = (packet: { topic: string; qos: number; payload: Buffer | string }, client: unknown) => {
      if (!client || !packet.topic.startsWith(`fleet/cars/${carId}/`)) return;
      atBroker.push({ topic: packet.topic, qos: packet.qos, payload: packet.payload.toString(), at: Date.now() });
    };
    const samples = (topic: string) => atBroker.filter((p) => p.topic === topic && p.qos === 0);
    broker.aedes.on('publish', record);
    try {
      startAgent();
      await online();
      await until('a telemetry and a workload-states heartbeat', () => samples(CarTopics.vehicle(carId)).length > 0 && samples(CarTopics.workloadStates(carId)).length > 0, TELEMETRY_HEARTBEAT_MS + REPORT_HEARTBEAT_MS);
    } finally {
      broker.aedes.removeListener('publish', record);
    }

    const [telemetry] = samples(CarTopics.vehicle(carId));
    const [workloads] = samples(CarTopics.workloadStates(carId));
    const first = (topic: string) => atBroker.find((p) => p.topic === topic)?.at ?? 0;
    // The reports on connect went at QoS 1; the heartbeats repeat them (the battery level rides the telemetry one).
    expect(atBroker.find((p) => p.topic === CarTopics.vehicle(carId))?.qos).toBe(1);
    expect(JSON.parse(telemetry.payload)).toMatchObject({ state: 'parked', speedKmh: 0, region: 'munich' });
    expect(telemetry.at - first(CarTopics.vehicle(carId))).toBeGreaterThanOrEqual(TELEMETRY_HEARTBEAT_MS - 1_000);
    expect(JSON.parse(workloads.payload)).toMatchObject({ agent: carId, version: '1.2.3' });
    expect(workloads.at - first(CarTopics.workloadStates(carId))).toBeGreaterThanOrEqual(REPORT_HEARTBEAT_MS - 1_000);
  });

  it('refuses a second agent with the same name: exit 3, the first stays online', async () => {
    startAgent();
    const first = await online();
    const second = startAgent();
    const exit = await second.waitForExit(10_000);
    expect(exit.code).toBe(3);
    expect(second.stderr.trim().split('\n')).toEqual([`error: an agent named ${carId} is already connected`]);
    const statuses = probe.received.filter((m) => m.topic === CarTopics.status(carId)).map((m) => JSON.parse(m.payload) as AgentStatusMessage);
    expect(statuses.every((s) => s.instanceId === first.instanceId)).toBe(true);
  });

  it('leaves a retained offline status and exits 0 on SIGTERM', async () => {
    const agent = startAgent();
    const status = await online();
    agent.signal('SIGTERM');
    const exit = await agent.waitForExit(2_500);
    expect(exit).toEqual({ code: 0, signal: null });

    const late = await MqttProbe.connect(broker.url);
    try {
      await late.subscribe(CarTopics.status(carId));
      const retained = await late.waitFor<AgentStatusMessage>(CarTopics.status(carId), (_s, m) => m.retained);
      expect(retained).toMatchObject({ online: false, instanceId: status.instanceId });
    } finally {
      await late.close();
    }
  });

  it('stops gracefully when its parent dies (IPC channel closed)', async () => {
    const agent = startAgent({ ipc: true });
    const status = await online();
    agent.disconnect();
    expect(await agent.waitForExit(2_500)).toEqual({ code: 0, signal: null });
    const offline = await probe.waitFor<AgentStatusMessage>(CarTopics.status(carId), (s) => !s.online);
    expect(offline.instanceId).toBe(status.instanceId);
  });

  it('makes the broker publish its last will when it is killed', async () => {
    const agent = startAgent();
    const status = await online();
    agent.signal('SIGKILL');
    await agent.waitForExit();
    const will = await probe.waitFor<AgentStatusMessage>(CarTopics.status(carId), (s) => !s.online);
    expect(will).toMatchObject({ name: carId, online: false, instanceId: status.instanceId });
  });

  it('installs a Symphony deployment sent to its target car-<id> while parked', async () => {
    const target = symphonyTargetName(carId);
    startAgent();
    await online();
    await probe.subscribe(SymphonyTopics.response(target));
    const spec = deployment('1.2.4', undefined, {
      instance: { metadata: { name: `fleet-${target}`, namespace: 'default' }, spec: { solution: 'fleet:1.2.4', target: { name: target } } },
      targets: { [target]: { metadata: { name: target }, spec: {} } },
      activeTarget: target,
    });
    await probe.publish(SymphonyTopics.request(target), coaRequest('POST', spec, 'coa-post-1', { target }));
    const message = await probe.waitForMessage(SymphonyTopics.response(target), (m) => readAnswer(m.payload).requestId === 'coa-post-1', 20_000);
    expect(readAnswer(message.payload).state).toBe(200);
    const report = await probe.waitFor<WorkloadStatesReport>(CarTopics.workloadStates(carId), (r) => r.version === '1.2.4', 20_000);
    expect(Object.keys(report.workloadStates).sort()).toEqual(WORKLOADS);
  });

  it('restarts from its run folder without being refused after a crash', async () => {
    const agent = startAgent();
    await online();
    await probe.publish(CarTopics.command(carId), JSON.stringify({ requestId: 'r-1', type: 'set-vehicle-state', state: 'driving' }));
    await probe.waitFor<CarCommandResult>(CarTopics.commandResponse(carId), (r) => r.requestId === 'r-1');
    await new Promise((r) => setTimeout(r, 400));
    agent.signal('SIGKILL');
    await agent.waitForExit();
    await probe.waitFor<AgentStatusMessage>(CarTopics.status(carId), (s) => !s.online);

    const restarted = startAgent();
    const hello = await probe.waitFor<AgentHello>(CarTopics.hello(carId), (h) => h.pid === restarted.pid);
    const status = await probe.waitFor<AgentStatusMessage>(CarTopics.status(carId), (s) => s.instanceId === hello.instanceId);
    expect(status.online).toBe(true);
    const telemetry = await probe.waitFor<VehicleTelemetry>(CarTopics.vehicle(carId), (t) => t.at >= hello.startedAt);
    expect(telemetry.state).toBe('driving');
  });
});
