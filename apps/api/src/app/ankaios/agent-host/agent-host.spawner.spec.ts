import {
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import {
  agentSettings,
  appConfig,
  brokerEndpoint,
} from '../../../testing/factories';
import { FakeClock } from '../../../testing/fake-clock';
import { AppConfigService } from '../../config/app-config.service';
import { ConfigError, loadConfig } from '../../config/load-config';
import { buildAgentCommand } from '../agent-command';
import { AgentProcessEvent, AgentSupervisor } from '../agent-supervisor';
import { spawnerFor } from '../ankaios.module';
import { AgentHostSpawner, EXIT_NOT_HOSTED } from './agent-host.spawner';
import { HOST_NODE_FLAGS } from './host-command';

/**
 * A stand-in for `car-agent host`: logs its argv and every command to <run-folder>/host.log, says ready after
 * a moment (so that early commands wait in the queue), adds and removes cars; `crash-*` cars exit 1 at once,
 * `reject-*` cars are refused.
 */
const FAKE_HOST = `
const { appendFileSync } = require('node:fs');
const args = process.argv.slice(2);
const root = args[args.lastIndexOf('--run-folder') + 1];
const log = (x) => appendFileSync(root + '/host.log', JSON.stringify(x) + '\\n');
log({ argv: args, execArgv: process.execArgv, pid: process.pid });
const cars = new Set();
process.on('message', (m) => {
  log(m);
  if (m.type === 'add') {
    if (m.name.startsWith('reject')) return process.send({ type: 'rejected', name: m.name, reason: 'no room' });
    cars.add(m.name);
    process.send({ type: 'added', name: m.name });
    if (m.name.startsWith('crash')) setTimeout(() => cars.delete(m.name) && process.send({ type: 'exited', name: m.name, code: 1 }), 20);
  } else if (cars.delete(m.name)) {
    process.send({ type: 'exited', name: m.name, code: 0 });
  }
});
process.on('disconnect', () => process.exit(0));
setTimeout(() => process.send({ type: 'ready', cars: 0 }), 100);
setInterval(() => undefined, 1000);
`;

type Logged = {
  argv?: string[];
  execArgv?: string[];
  pid?: number;
  type?: string;
  name?: string;
  tags?: Record<string, string>;
  vehicleState?: string;
};

function isGone(pid: number): boolean {
  try {
    return /\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

async function waitUntil<T>(
  what: string,
  probe: () => T | undefined | false,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe(AgentHostSpawner.name, () => {
  const root = mkdtempSync(join(tmpdir(), 'fleet-host-'));
  const script = join(root, 'fake-host.js');
  writeFileSync(script, FAKE_HOST);
  const hostPids = new Set<number>();
  let n = 0;

  afterAll(() => {
    for (const pid of hostPids) if (!isGone(pid)) process.kill(pid, 'SIGKILL');
    rmSync(root, { recursive: true, force: true });
  });

  beforeEach(() => {
    for (const level of ['log', 'warn', 'error'] as const)
      jest.spyOn(Logger.prototype, level).mockImplementation(() => undefined);
  });

  afterEach(() => jest.restoreAllMocks());

  function setup() {
    const dataDir = join(root, `data-${++n}`);
    const config = new AppConfigService(
      appConfig({
        dataDir,
        agent: agentSettings({
          script,
          manifest: script,
          args: ['--sim-speed', '20'],
          mode: 'host',
        }),
      }),
    );
    const spawner = spawnerFor(config) as AgentHostSpawner;
    const clock = new FakeClock();
    const supervisor = new AgentSupervisor(
      spawner,
      clock,
      config,
      brokerEndpoint(),
    );
    const events: AgentProcessEvent[] = [];
    supervisor.events$.subscribe((e) => events.push(e));
    const hostLog = (): Logged[] => {
      const file = join(dataDir, 'agents', 'host.log');
      if (!existsSync(file)) return [];
      const lines = readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Logged);
      lines.forEach((l) => l.pid && hostPids.add(l.pid));
      return lines;
    };
    const commands = (type: string) =>
      hostLog()
        .filter((l) => l.type === type)
        .map((l) => l.name);
    const start = (id: string, vehicleState: 'parked' | 'driving' = 'parked') =>
      supervisor.start({ id, region: 'munich', model: 'm', vehicleState });
    return {
      dataDir,
      spawner,
      clock,
      supervisor,
      events,
      hostLog,
      commands,
      start,
    };
  }

  it('runs every car in one host process, each added with its own tags and vehicle state', async () => {
    const { spawner, supervisor, hostLog, commands, start, events, dataDir } =
      setup();

    start('car-1', 'driving');
    start('car-2');
    await waitUntil('both cars added', () => commands('add').length === 2);

    const [started, ...rest] = hostLog();
    expect(rest.filter((l) => l.argv)).toEqual([]);
    expect(started.argv).toEqual(
      expect.arrayContaining([
        'host',
        '--insecure',
        '--sim-speed',
        '20',
        '--run-folder',
        join(dataDir, 'agents'),
      ]),
    );
    expect(started.argv).not.toContain('--name');
    expect(started.execArgv).toEqual(HOST_NODE_FLAGS);
    expect(hostLog().filter((l) => l.type === 'add')).toEqual([
      {
        type: 'add',
        name: 'car-1',
        tags: { region: 'munich', model: 'm' },
        vehicleState: 'driving',
      },
      {
        type: 'add',
        name: 'car-2',
        tags: { region: 'munich', model: 'm' },
        vehicleState: 'parked',
      },
    ]);
    expect(events.map((e) => e.pid)).toEqual([
      spawner.hostPid,
      spawner.hostPid,
    ]);
    await supervisor.stopAll();
  });

  it('removes one car on stop and ends the host with its last car', async () => {
    const { spawner, supervisor, commands, start } = setup();
    start('car-1');
    start('car-2');
    await waitUntil('both cars added', () => commands('add').length === 2);
    const pid = spawner.hostPid as number;

    await supervisor.stop('car-1');
    expect(commands('remove')).toEqual(['car-1']);
    expect(isGone(pid)).toBe(false);

    await supervisor.stop('car-2');
    // The process may be a zombie before Node has handled its exit event: wait for both.
    await waitUntil('the host to end', () => isGone(pid) && spawner.hostPid === undefined);
    expect(spawner.hostPid).toBeUndefined();
  });

  it('restarts a car that exited inside the host, with backoff, in the same host', async () => {
    const { spawner, supervisor, commands, start, clock, events } = setup();
    start('keep-1');
    start('crash-1');
    await waitUntil('the crash', () =>
      events.some((e) => e.connection === 'crashed'),
    );
    const pid = spawner.hostPid;

    clock.advance(1000);
    await waitUntil(
      'the car added again',
      () => commands('add').filter((c) => c === 'crash-1').length === 2,
    );

    expect(spawner.hostPid).toBe(pid);
    await supervisor.stopAll();
  });

  it('ends every car when the host dies; they come back in a new host', async () => {
    const { spawner, supervisor, commands, start, clock, events } = setup();
    start('car-1');
    start('car-2');
    await waitUntil('both cars added', () => commands('add').length === 2);
    const first = spawner.hostPid as number;

    process.kill(first, 'SIGKILL');
    await waitUntil(
      'both cars crashed',
      () => events.filter((e) => e.connection === 'crashed').length === 2,
    );
    clock.advance(1000);
    await waitUntil(
      'both cars added again',
      () => commands('add').length === 4,
    );

    expect(spawner.hostPid).not.toBe(first);
    await supervisor.stopAll();
  });

  it('refuses a car the host refuses, and one whose shared flags differ from the host’s', async () => {
    const { spawner, supervisor, start, events, commands } = setup();
    start('reject-1');
    await waitUntil('the refusal', () =>
      events.some(
        (e) => e.connection === 'stopped' || e.connection === 'crashed',
      ),
    );
    start('car-1');
    await waitUntil('car-1 added', () => commands('add').includes('car-1'));

    const other = buildAgentCommand(
      { id: 'car-9', region: 'munich', model: 'm', vehicleState: 'parked' },
      {
        settings: agentSettings({ script }),
        brokerUrl: 'mqtt://elsewhere:1883',
        dataDir: join(root, 'x'),
        nodePath: process.execPath,
      },
    );
    const refused = spawner.spawn(other);
    const code = await new Promise((resolve) =>
      refused.once('exit', (c) => resolve(c)),
    );

    expect(code).toBe(EXIT_NOT_HOSTED);
    expect(commands('add')).not.toContain('car-9');
    await supervisor.stopAll();
  });
});

describe(spawnerFor.name, () => {
  const env = (extra: Record<string, string>) =>
    loadConfig({ DEMO_FLEET: '', ...extra }, '/fleet/dist/apps/api', '/fleet');

  it('takes AGENT_MODE: process by default, host when asked, nothing else', () => {
    expect(env({}).agent.mode).toBe('process');
    expect(spawnerFor(new AppConfigService(env({})))).not.toBeInstanceOf(
      AgentHostSpawner,
    );
    expect(
      spawnerFor(new AppConfigService(env({ AGENT_MODE: 'host' }))),
    ).toBeInstanceOf(AgentHostSpawner);
    expect(() => env({ AGENT_MODE: 'threads' })).toThrow(ConfigError);
  });
});
