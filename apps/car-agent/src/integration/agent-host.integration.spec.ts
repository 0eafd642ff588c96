/**
 * Runs the BUILT agent in host mode (`main.js host ...`) as a real child process against an embedded aedes
 * broker: many cars in one process, each with its own connection and identity.
 */
import { CarTopics } from '@fleet/shared/contracts';
import type { AgentStatusMessage, WorkloadStatesReport } from '@fleet/shared/contracts';
import { tempDir } from '../testing/factories';
import { AgentProcess, BASE_MANIFEST } from './agent-process';
import { MqttProbe } from './mqtt-probe';
import { startTestBroker, TestBroker } from './test-broker';

jest.setTimeout(30_000);

const COUNT = 20;

describe('car-agent host mode', () => {
  let broker: TestBroker;
  let probe: MqttProbe;
  let runRoot: ReturnType<typeof tempDir>;
  let host: AgentProcess;

  beforeAll(async () => {
    broker = await startTestBroker();
    probe = await MqttProbe.connect(broker.url);
    await probe.subscribe(CarTopics.status('+'), CarTopics.workloadStates('+'));
    runRoot = tempDir();
    host = AgentProcess.spawn(
      ['host', '--server-url', broker.url, '--insecure', '--run-folder', runRoot.path, '--manifest', BASE_MANIFEST,
        '--count', String(COUNT), '--prefix', 'hosted', '--tag', 'region=berlin', '--sim-speed', '20'],
      { ipc: true },
    );
  });

  afterAll(async () => {
    await host.kill();
    await probe.close();
    await broker.close();
    runRoot.remove();
  });

  const online = (id: string) =>
    probe.waitFor<AgentStatusMessage>(CarTopics.status(id), (s) => s.online && s.name === id, 20_000);
  const running = (id: string) =>
    probe.waitFor<WorkloadStatesReport>(CarTopics.workloadStates(id), (r) =>
      Object.keys(r.workloadStates).length === 3 &&
      Object.values(r.workloadStates).every((w) => Object.values(w).every((s) => s.state === 'Running')), 20_000);

  it('brings every car online with its workloads running', async () => {
    const ids = Array.from({ length: COUNT }, (_, i) => `hosted-${i + 1}`);
    const statuses = await Promise.all(ids.map(online));
    expect(new Set(statuses.map((s) => s.instanceId)).size).toBe(COUNT);
    const reports = await Promise.all(ids.map(running));
    expect(reports.every((r) => r.version === '1.2.3')).toBe(true);
  });

  it('adds and removes cars on IPC commands and ignores malformed ones', async () => {
    host.send({ type: 'explode' });
    host.send({ type: 'add', name: 'late-joiner', tags: { region: 'munich' } });
    await online('late-joiner');
    await running('late-joiner');

    host.send({ type: 'remove', name: 'hosted-1' });
    await probe.waitFor<AgentStatusMessage>(CarTopics.status('hosted-1'), (s) => !s.online, 10_000);
    const stillOnline = probe.received.filter((m) => m.topic === CarTopics.status('hosted-2')).pop();
    expect((JSON.parse(stillOnline!.payload) as AgentStatusMessage).online).toBe(true);
  });

  it('stops every car on SIGTERM: offline statuses, exit 0', async () => {
    host.signal('SIGTERM');
    const exit = await host.waitForExit(10_000);
    expect(exit.code).toBe(0);
    for (const id of ['hosted-2', `hosted-${COUNT}`, 'late-joiner']) {
      // The broker took the offline status before the host exited; its delivery to the probe may come just after.
      await probe.waitFor<AgentStatusMessage>(CarTopics.status(id), (s) => !s.online, 5_000);
      const last = probe.received.filter((m) => m.topic === CarTopics.status(id)).pop();
      expect((JSON.parse(last!.payload) as AgentStatusMessage).online).toBe(false);
    }
  });
});
