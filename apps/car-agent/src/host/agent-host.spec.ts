import { CarTopics } from '@fleet/shared/contracts';
import type { AgentStatusMessage } from '@fleet/shared/contracts';
import { STOP_BUDGET_MS } from '../agent/car-agent';
import { PRESENCE_WAIT_MS } from '../agent/presence';
import type { FakeTransport } from '../testing/fake-transport';
import { agentConfig, tempDir, testAgentDeps } from '../testing/factories';
import { MemoryLogger } from '../testing/memory-logger';
import { AgentHost } from './agent-host';
import { OVERDUE_WINDOW_MS } from './overdue-stops';

describe(AgentHost.name, () => {
  let dir: ReturnType<typeof tempDir>;
  let transports: Map<string, FakeTransport>;
  let exits: Array<[string, number]>;
  let host: AgentHost;
  let logger: MemoryLogger;
  /** Cars whose broker connection never finishes closing: their stop runs out of its budget. */
  let stuck: Set<string>;

  const config = (name: string) => agentConfig({ name, runFolder: `${dir.path}/${name}` });

  beforeEach(() => {
    jest.useFakeTimers({ now: new Date('2026-03-01T10:00:00.000Z') });
    dir = tempDir();
    transports = new Map();
    exits = [];
    logger = new MemoryLogger();
    stuck = new Set();
    host = new AgentHost({
      pid: 4242,
      logger,
      onExit: (name, code) => exits.push([name, code]),
      createDeps: (car, port) => {
        const deps = testAgentDeps(car, { process: port });
        return { ...deps, createTransport: (options) => {
          const transport = deps.createTransport(options) as FakeTransport;
          if (stuck.has(car.name)) transport.end = () => new Promise<never>(() => undefined);
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

  describe('a stop that runs out of its budget', () => {
    const startConnected = async (...names: string[]) => {
      names.forEach((name) => host.add(config(name)));
      for (const transport of transports.values()) transport.connect();
      await jest.advanceTimersByTimeAsync(PRESENCE_WAIT_MS);
    };
    const warnings = () => logger.lines.filter((l) => l.level === 'warn');
    const names = (n: number) => Array.from({ length: n }, (_, i) => `car-${i + 1}`);

    it('of one removed car is a warning naming that car, and the car still exits 0', async () => {
      stuck.add('car-1');
      await startConnected('car-1', 'car-2');
      const removal = host.remove('car-1');
      await jest.advanceTimersByTimeAsync(STOP_BUDGET_MS);
      expect(await removal).toBe(0);
      await jest.advanceTimersByTimeAsync(OVERDUE_WINDOW_MS);
      expect(warnings()).toEqual([expect.objectContaining({ message: 'stop took too long; exiting anyway', fields: { carId: 'car-1' } })]);
    });

    it('of many cars removed one by one (the API shutting down) is one line with their count, not a line per car', async () => {
      names(7).forEach((name) => stuck.add(name));
      await startConnected(...names(8));
      const removals = names(8).map((name) => host.remove(name));
      await jest.advanceTimersByTimeAsync(STOP_BUDGET_MS + OVERDUE_WINDOW_MS);
      expect(await Promise.all(removals)).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
      expect(warnings()).toEqual([
        expect.objectContaining({ message: '7 cars ran out of their stop budget and exited anyway (car-1, car-2, car-3, car-4, car-5, ...)', fields: { cars: 7 } }),
      ]);
    });

    it('of cars in a stop of all is logged before the stop of all resolves, followed by one info line', async () => {
      names(3).forEach((name) => stuck.add(name));
      await startConnected(...names(4));
      const stopped = host.stopAll('SIGTERM');
      await jest.advanceTimersByTimeAsync(STOP_BUDGET_MS);
      await stopped;
      expect(host.size).toBe(0);
      expect(logger.lines.filter((l) => l.level !== 'debug').slice(-2)).toEqual([
        expect.objectContaining({ level: 'warn', message: '3 cars ran out of their stop budget and exited anyway (car-1, car-2, car-3)' }),
        expect.objectContaining({ level: 'info', message: 'all cars stopped', fields: expect.objectContaining({ cars: 4, reason: 'SIGTERM' }) }),
      ]);
    });
  });
});
