import { CarTopics, FleetConnectorTopics, SIMULATION_FAULTS_TOPIC, SymphonyTopics } from '@fleet/shared/contracts';
import type { AgentHello, AgentLoad, AgentStatusMessage, CarCommandResult, LogLine, VehicleTelemetry, WorkloadStatesReport } from '@fleet/shared/contracts';
import type { TransportOptions } from '../mqtt/transport';
import { StateFile } from '../persistence/state-file';
import { FakeTransport } from '../testing/fake-transport';
import { coaRequest, readAnswer } from '../symphony/testing/factories';
import { SAVE_DEBOUNCE_MS } from '../persistence/state-saver';
import { agentConfig, desiredState, setVehicleStateCommand, tempDir, testAgentDeps, TestAgentDeps } from '../testing/factories';
import { CarAgent, LOAD_REPORT_MS } from './car-agent';
import { PRESENCE_WAIT_MS } from './presence';
import { TELEMETRY_HEARTBEAT_MS, VEHICLE_TICK_MS } from '../reporting/telemetry-reporter';
import { REPORT_HEARTBEAT_MS, REPORT_MIN_INTERVAL_MS } from '../reporting/workload-reporter';
import { LOG_FLUSH_MS } from '../reporting/log-batcher';

const ID = 'car-1';

describe(CarAgent.name, () => {
  let dir: ReturnType<typeof tempDir>;
  let deps: TestAgentDeps;
  let agent: CarAgent;

  const boot = (overrides: Partial<TestAgentDeps> = {}) => {
    deps = testAgentDeps(agentConfig({ runFolder: dir.path, manifestPath: 'base.yaml' }), overrides);
    agent = new CarAgent(deps);
    agent.start();
    return deps;
  };

  const connect = async () => {
    deps.transport().connect();
    await jest.advanceTimersByTimeAsync(PRESENCE_WAIT_MS);
  };

  const topicsPublished = () => deps.transport().published.map((p) => p.topic);

  /** A transport whose `method` never settles: a broker that never acknowledges. */
  const neverSettling = (method: 'publish' | 'end') => (options: TransportOptions) =>
    Object.assign(new FakeTransport(options), { [method]: () => new Promise<never>(() => undefined) });

  beforeEach(() => {
    jest.useFakeTimers({ now: new Date('2026-03-01T10:00:00.000Z') });
    dir = tempDir();
  });

  afterEach(async () => {
    if (deps.fakeProcess.exits.length === 0) await agent.stop('test over');
    jest.useRealTimers();
    dir.remove();
  });

  describe('on connect', () => {
    it('checks its name, subscribes, then announces status, hello, workloads and telemetry', async () => {
      boot();
      deps.cluster().desired = desiredState('telematics');
      await connect();
      const transport = deps.transport();
      expect([...transport.subscriptions].sort()).toEqual(
        [
          CarTopics.status(ID),
          CarTopics.command(ID),
          FleetConnectorTopics.applyRequest(ID),
          FleetConnectorTopics.deleteRequest(ID),
          FleetConnectorTopics.stateRequest(ID),
          SymphonyTopics.request('car-car-1'),
          SIMULATION_FAULTS_TOPIC,
        ].sort(),
      );
      expect(topicsPublished().slice(0, 4)).toEqual([CarTopics.status(ID), CarTopics.hello(ID), CarTopics.workloadStates(ID), CarTopics.vehicle(ID)]);
      expect(transport.retained.get(CarTopics.status(ID))).toBe(
        JSON.stringify({ name: ID, online: true, instanceId: deps.instanceId, at: '2026-03-01T10:00:00.500Z' }),
      );
      expect(transport.last<AgentHello>(CarTopics.hello(ID))).toEqual({
        name: ID,
        protocolVersion: '1',
        instanceId: deps.instanceId,
        tags: { region: 'munich', model: 'sedan' },
        pid: 4242,
        startedAt: '2026-03-01T10:00:00.000Z',
      });
      expect(transport.last<WorkloadStatesReport>(CarTopics.workloadStates(ID))).toMatchObject({
        agent: ID,
        version: '1.2.3',
        workloadStates: { telematics: { 'telematics-id': { state: 'Running', subState: 'Ok' } } },
        health: { telematics: 'healthy' },
      });
      expect(transport.last<VehicleTelemetry>(CarTopics.vehicle(ID))).toMatchObject({ state: 'parked', speedKmh: 0, region: 'munich' });
    });

    it('connects with a retained offline last will and a per-process client id', () => {
      boot();
      const options = deps.transport().options;
      expect(options?.clientId).toBe('car-1-aaaaaaaa');
      expect(options?.reconnectPeriodMs).toBe(1000);
      expect(options?.will.retain).toBe(true);
      expect(JSON.parse(options?.will.payload ?? '')).toMatchObject({ name: ID, online: false, instanceId: deps.instanceId });
    });

    it('announces itself again after a reconnect', async () => {
      boot();
      await connect();
      deps.transport().drop();
      await connect();
      expect(deps.transport().bodies<AgentStatusMessage>(CarTopics.status(ID)).filter((s) => s.online)).toHaveLength(2);
      expect(deps.transport().subscriptions.has(CarTopics.command(ID))).toBe(true);
    });
  });

  describe('with a name already connected', () => {
    it('exits 3 with one error line, announcing nothing and saving nothing', async () => {
      boot();
      const other: AgentStatusMessage = { name: ID, online: true, instanceId: 'other', at: '2026-03-01T09:00:00.000Z' };
      deps.transport().retained.set(CarTopics.status(ID), JSON.stringify(other));
      await connect();
      await jest.advanceTimersByTimeAsync(SAVE_DEBOUNCE_MS);
      expect(deps.fakeProcess.exits).toEqual([3]);
      expect(deps.fakeProcess.stderr).toEqual([`error: an agent named ${ID} is already connected`]);
      expect(deps.transport().ended).toBe(true);
      expect(deps.transport().retained.get(CarTopics.status(ID))).toBe(JSON.stringify(other));
      expect(topicsPublished()).toEqual([]);
      expect(new StateFile(dir.path).load()).toEqual({ kind: 'absent' });
      expect(deps.cluster().stopped).toBe(true);
    });

    it('yields to an agent that announced itself earlier in the same moment', async () => {
      boot();
      await connect();
      const earlier: AgentStatusMessage = { name: ID, online: true, instanceId: 'other', at: '2026-03-01T10:00:00.100Z' };
      deps.transport().deliver(CarTopics.status(ID), JSON.stringify(earlier));
      await jest.advanceTimersByTimeAsync(0);
      expect(deps.transport().last<AgentStatusMessage>(CarTopics.status(ID))).toMatchObject({ online: false, instanceId: deps.instanceId });
      expect(deps.fakeProcess.exits).toEqual([3]);
    });

    it('announces itself again when a leaving duplicate overwrote its retained status', async () => {
      boot();
      await connect();
      const leaving: AgentStatusMessage = { name: ID, online: false, instanceId: 'other', at: '2026-03-01T10:00:01.000Z' };
      deps.transport().publish(CarTopics.status(ID), JSON.stringify(leaving), { retain: true });
      deps.transport().deliver(CarTopics.status(ID), JSON.stringify(leaving));
      expect(JSON.parse(deps.transport().retained.get(CarTopics.status(ID)) ?? '')).toMatchObject({ online: true, instanceId: deps.instanceId });
      expect(deps.fakeProcess.exits).toEqual([]);
    });

    it('obeys a refuse command for its instance: offline status, exit 3', async () => {
      boot();
      await connect();
      deps.transport().deliver(CarTopics.command(ID), JSON.stringify({ requestId: 'r', type: 'refuse', reason: 'dup', instanceId: deps.instanceId }));
      await jest.advanceTimersByTimeAsync(0);
      expect(deps.transport().last<CarCommandResult>(CarTopics.commandResponse(ID))).toEqual({ requestId: 'r', ok: true });
      expect(deps.transport().last<AgentStatusMessage>(CarTopics.status(ID))).toMatchObject({ online: false, instanceId: deps.instanceId });
      expect(deps.fakeProcess.exits).toEqual([3]);
    });
  });

  describe('commands', () => {
    it('changes the vehicle state, publishes telemetry, answers and saves', async () => {
      boot();
      await connect();
      deps.transport().deliver(CarTopics.command(ID), JSON.stringify(setVehicleStateCommand('driving', 'r-7')));
      expect(deps.transport().last<VehicleTelemetry>(CarTopics.vehicle(ID))).toMatchObject({ state: 'driving', speedKmh: 50 });
      // The answer says when the car changed state (the fake clock's now: nothing has advanced it since).
      expect(deps.transport().last<CarCommandResult>(CarTopics.commandResponse(ID))).toEqual({ requestId: 'r-7', ok: true, at: new Date().toISOString() });
      await jest.advanceTimersByTimeAsync(SAVE_DEBOUNCE_MS);
      expect(new StateFile(dir.path).load()).toMatchObject({ kind: 'loaded', state: { vehicle: { state: 'driving' } } });
    });

    it('stops gracefully on a shutdown command', async () => {
      boot();
      await connect();
      deps.transport().deliver(CarTopics.command(ID), JSON.stringify({ requestId: 'r-8', type: 'shutdown' }));
      await jest.advanceTimersByTimeAsync(0);
      expect(deps.fakeProcess.exits).toEqual([0]);
    });

    it.each(['{{{', '', '[]', '{"type":"shutdown"}'])('survives the malformed command %j', async (payload) => {
      boot();
      await connect();
      expect(() => deps.transport().deliver(CarTopics.command(ID), payload)).not.toThrow();
      expect(deps.fakeProcess.exits).toEqual([]);
    });
  });

  describe('fleet connector and faults', () => {
    it('answers a state request over MQTT', async () => {
      boot();
      await connect();
      deps.transport().deliver(FleetConnectorTopics.stateRequest(ID), '["workloadStates"]');
      expect(deps.cluster().stateRequests).toEqual([['workloadStates']]);
      expect(topicsPublished()).toContain(FleetConnectorTopics.stateResponse(ID));
    });

    it('answers a Symphony COA request for its target car-<id>', async () => {
      boot();
      deps.cluster().desired = desiredState('telematics');
      await connect();
      deps.transport().deliver(SymphonyTopics.request('car-car-1'), coaRequest('GET', undefined, 'coa-1', { target: 'car-car-1' }));
      await jest.advanceTimersByTimeAsync(0);
      const answers = deps.transport().published.filter((p) => p.topic === SymphonyTopics.response('car-car-1'));
      expect(answers.map((a) => readAnswer(a.payload))).toEqual([expect.objectContaining({ state: 200, requestId: 'coa-1' })]);
    });

    it('hands valid fault rules to the cluster and drops malformed ones', async () => {
      boot();
      await connect();
      const rules = [{ image: '*:1.2.4', fault: 'crash', probability: 1 }];
      deps.transport().deliver(SIMULATION_FAULTS_TOPIC, JSON.stringify({ rules, updatedAt: 'now' }), true);
      expect(deps.cluster().faultRules).toEqual(rules);
      deps.transport().deliver(SIMULATION_FAULTS_TOPIC, '{"rules": "all"}', true);
      expect(deps.cluster().faultRules).toEqual(rules);
      deps.transport().deliver(SIMULATION_FAULTS_TOPIC, '', true);
      expect(deps.cluster().faultRules).toEqual([]);
    });
  });

  describe('reports', () => {
    it('reports its load every 2 s and feeds it to the cluster', async () => {
      boot();
      await connect();
      await jest.advanceTimersByTimeAsync(LOAD_REPORT_MS);
      expect(deps.transport().last<AgentLoad>(CarTopics.load(ID))).toEqual({ cpuUsage: 1.5, freeMemory: 1_000_000 });
      expect(deps.cluster().load).toEqual({ cpuUsage: 1.5, freeMemory: 1_000_000 });
    });

    it('reports its load at the interval it is given', async () => {
      boot({ loadReportMs: 10_000 });
      await connect();
      await jest.advanceTimersByTimeAsync(LOAD_REPORT_MS);
      expect(deps.transport().bodies(CarTopics.load(ID))).toHaveLength(0);
      await jest.advanceTimersByTimeAsync(10_000 - LOAD_REPORT_MS);
      expect(deps.transport().bodies(CarTopics.load(ID))).toHaveLength(1);
    });

    it('sends load and unchanged telemetry heartbeats at QoS 0, a vehicle state change and the rest at QoS 1', async () => {
      boot();
      await connect();
      await jest.advanceTimersByTimeAsync(TELEMETRY_HEARTBEAT_MS + VEHICLE_TICK_MS);
      deps.transport().deliver(CarTopics.command(ID), JSON.stringify(setVehicleStateCommand('driving', 'r-9')));

      const published = deps.transport().published;
      const telemetry = published.filter((p) => p.topic === CarTopics.vehicle(ID));
      expect(telemetry.map((p) => [p.qos, (JSON.parse(p.payload) as VehicleTelemetry).state])).toEqual([
        [1, 'parked'], // on connect
        [0, 'parked'], // the heartbeat 5 s later: nothing changed
        [1, 'driving'], // after the command
      ]);
      expect(published.filter((p) => p.topic === CarTopics.load(ID)).map((p) => p.qos)).toEqual([0, 0, 0]);
      const others = published.filter((p) => p.topic !== CarTopics.vehicle(ID) && p.topic !== CarTopics.load(ID));
      expect(others.map((p) => p.topic)).toEqual(
        expect.arrayContaining([CarTopics.status(ID), CarTopics.hello(ID), CarTopics.workloadStates(ID), CarTopics.commandResponse(ID)]),
      );
      expect(others.filter((p) => p.qos !== 1)).toEqual([]);
    });

    it('sends the 10 s workload-states heartbeat at QoS 0, the report on connect at QoS 1', async () => {
      boot();
      await connect();
      await jest.advanceTimersByTimeAsync(REPORT_HEARTBEAT_MS);

      const reports = deps.transport().published.filter((p) => p.topic === CarTopics.workloadStates(ID));
      expect(reports.map((p) => p.qos)).toEqual([1, 0]);
    });

    it('reports workload changes, coalesced', async () => {
      boot();
      await connect();
      const before = deps.transport().bodies(CarTopics.workloadStates(ID)).length;
      deps.cluster().emitChange();
      deps.cluster().emitChange();
      await jest.advanceTimersByTimeAsync(REPORT_MIN_INTERVAL_MS);
      expect(deps.transport().bodies(CarTopics.workloadStates(ID))).toHaveLength(before + 1);
    });

    it('publishes the cluster log lines in batches', async () => {
      boot();
      await connect();
      deps.cluster().options?.log?.({ workload: 'adas', level: 'info', message: 'started' });
      await jest.advanceTimersByTimeAsync(LOG_FLUSH_MS);
      expect(deps.transport().last<LogLine[]>(CarTopics.logs(ID))).toEqual([
        expect.objectContaining({ carId: ID, workload: 'adas', level: 'info', message: 'started' }),
      ]);
    });
  });

  describe('stopping and restarting', () => {
    it('publishes a retained offline status, saves, disconnects cleanly and exits 0', async () => {
      boot();
      await connect();
      await agent.stop('SIGTERM');
      const transport = deps.transport();
      expect(JSON.parse(transport.retained.get(CarTopics.status(ID)) ?? '')).toMatchObject({ online: false, instanceId: deps.instanceId });
      expect(transport.ended).toBe(true);
      expect(deps.cluster().stopped).toBe(true);
      expect(new StateFile(dir.path).load()).toMatchObject({ kind: 'loaded' });
      expect(deps.fakeProcess.exits).toEqual([0]);
    });

    it('saves its state on a graceful stop even when the broker was never reached', async () => {
      boot();
      await agent.stop('SIGTERM');
      expect(new StateFile(dir.path).load()).toMatchObject({ kind: 'loaded' });
      expect(deps.fakeProcess.exits).toEqual([0]);
    });

    it('saves its state before the offline status, so a broker that never acknowledges it costs no state', async () => {
      boot({ createTransport: neverSettling('publish') });
      void agent.stop('SIGTERM');
      await jest.advanceTimersByTimeAsync(0);
      expect(deps.fakeProcess.exits).toEqual([]);
      expect(new StateFile(dir.path).load()).toMatchObject({ kind: 'loaded' });
    });

    it('exits 0 after the budget even when the broker never acknowledges', async () => {
      boot({ createTransport: neverSettling('end') });
      void agent.stop('SIGTERM');
      await jest.advanceTimersByTimeAsync(2_000);
      expect(deps.fakeProcess.exits).toEqual([0]);
    });

    it('rewrites its state file for a new desired state, not for a change of workload states or health', async () => {
      boot();
      await connect();
      await jest.advanceTimersByTimeAsync(SAVE_DEBOUNCE_MS);
      const savedAt = () => {
        const loaded = new StateFile(dir.path).load();
        return loaded.kind === 'loaded' ? loaded.state.savedAt : null;
      };
      const first = savedAt();
      expect(first).not.toBeNull();

      await jest.advanceTimersByTimeAsync(1_000);
      deps.cluster().emitChange(); // what a workload's state or health change fires
      await jest.advanceTimersByTimeAsync(SAVE_DEBOUNCE_MS);
      expect(savedAt()).toBe(first);

      deps.cluster().updateState({ desiredState: desiredState('telematics', 'adas') }, ['desiredState']);
      await jest.advanceTimersByTimeAsync(SAVE_DEBOUNCE_MS);
      expect(savedAt()).not.toBe(first);
      expect(new StateFile(dir.path).load()).toMatchObject({ kind: 'loaded', state: { desiredState: desiredState('telematics', 'adas') } });
    });

    it('restores the saved desired state instead of the base manifest on a restart', async () => {
      boot();
      deps.cluster().desired = desiredState('telematics', 'adas');
      await connect();
      await agent.stop('SIGTERM');
      const first = deps;
      boot();
      expect(deps.cluster().applied).toEqual([]);
      expect(deps.cluster().desired).toEqual(desiredState('telematics', 'adas'));
      expect(first.cluster().applied).toEqual(['workloads for car-1']);
    });
  });
});
