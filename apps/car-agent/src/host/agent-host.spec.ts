import { CarTopics } from '@fleet/shared/contracts';
import type { AgentStatusMessage } from '@fleet/shared/contracts';
import { PRESENCE_WAIT_MS } from '../agent/presence';
import type { FakeTransport } from '../testing/fake-transport';
import { agentConfig, tempDir, testAgentDeps } from '../testing/factories';
import { MemoryLogger } from '../testing/memory-logger';
import { AgentHost } from './agent-host';

describe(AgentHost.name, () => {
  let dir: ReturnType<typeof tempDir>;
  let transports: Map<string, FakeTransport>;
  let exits: Array<[string, number]>;
  let host: AgentHost;

  const config = (name: string) => agentConfig({ name, runFolder: `${dir.path}/${name}` });

  beforeEach(() => {
    jest.useFakeTimers({ now: new Date('2026-03-01T10:00:00.000Z') });
    dir = tempDir();
    transports = new Map();
    exits = [];
    host = new AgentHost({
      pid: 4242,
      logger: new MemoryLogger(),
      onExit: (name, code) => exits.push([name, code]),
      createDeps: (car, port) => {
        const deps = testAgentDeps(car, { process: port });
        return { ...deps, createTransport: (options) => {
          const transport = deps.createTransport(options) as FakeTransport;
          transports.set(car.name, transport);
          return transport;
        } };
      },
    });
  });

  afterEach(async () => {
    await host.stopAll('test over');
    jest.useRealTimers();
    dir.remove();
  });

  it('runs each car with its own broker connection and identity', async () => {
    host.add(config('car-a'));
    host.add(config('car-b'));
    expect(host.size).toBe(2);
    for (const transport of transports.values()) transport.connect();
    await jest.advanceTimersByTimeAsync(PRESENCE_WAIT_MS);

    const a = transports.get('car-a')!;
    const b = transports.get('car-b')!;
    expect(a).not.toBe(b);
    expect(a.options?.clientId).toMatch(/^car-a-/);
    expect(b.options?.clientId).toMatch(/^car-b-/);
    const online = (t: FakeTransport, id: string) =>
      t.published.some((p) => p.topic === CarTopics.status(id) && (JSON.parse(p.payload) as AgentStatusMessage).online);
    expect(online(a, 'car-a')).toBe(true);
    expect(online(b, 'car-b')).toBe(true);
    expect(a.published.some((p) => p.topic.includes('car-b'))).toBe(false);
  });

  it('refuses a second car with a name it already hosts', () => {
    host.add(config('car-a'));
    expect(() => host.add(config('car-a'))).toThrow('already runs in this host');
    expect(host.size).toBe(1);
  });

  it('removes one car gracefully (offline status, exit 0) and keeps the others running', async () => {
    host.add(config('car-a'));
    host.add(config('car-b'));
    for (const transport of transports.values()) transport.connect();
    await jest.advanceTimersByTimeAsync(PRESENCE_WAIT_MS);

    const removal = host.remove('car-a');
    await jest.advanceTimersByTimeAsync(100);
    expect(await removal).toBe(0);
    expect(exits).toEqual([['car-a', 0]]);
    expect(host.has('car-a')).toBe(false);
    expect(host.has('car-b')).toBe(true);
    const lastStatus = transports.get('car-a')!.published.filter((p) => p.topic === CarTopics.status('car-a')).pop();
    expect((JSON.parse(lastStatus!.payload) as AgentStatusMessage).online).toBe(false);
    expect(await host.remove('car-a')).toBeUndefined();
  });
});
