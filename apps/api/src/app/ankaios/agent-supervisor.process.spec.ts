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
} from '../../testing/factories';
import { FakeClock } from '../../testing/fake-clock';
import { AppConfigService } from '../config/app-config.service';
import {
  AgentProcessEvent,
  AgentSupervisor,
  STOP_GRACE_MS,
} from './agent-supervisor';
import { agentRunFolder } from './agent-command';
import { ProcessSpawner } from './process-spawner';

/**
 * A stand-in agent: starts a child of its own (same process group), writes both pids to its run folder once
 * the child is up, then behaves as its name says: `crash-*` exits 1, `stubborn-*` (and its child) ignore
 * SIGTERM, others run until signalled.
 */
const FAKE_AGENT = `
const { spawn } = require('node:child_process');
const { writeFileSync } = require('node:fs');
const arg = (flag) => process.argv[process.argv.indexOf(flag) + 1];
const name = arg('--name');
const stubborn = name.startsWith('stubborn');
if (stubborn) process.on('SIGTERM', () => undefined);
const code = (stubborn ? "process.on('SIGTERM', () => undefined);" : '') + "process.stdout.write('ready'); setInterval(() => undefined, 1000)";
const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'ignore'] });
child.stdout.once('data', () => {
  writeFileSync(arg('--run-folder') + '/pids', process.pid + ' ' + child.pid);
  if (name.startsWith('crash')) setTimeout(() => process.exit(1), 50);
});
setInterval(() => undefined, 1000);
`;

/** Gone, or a zombie nobody reaps (PID 1 in a container may not). */
function isGone(pid: number): boolean {
  try {
    return /\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

async function waitUntil(
  what: string,
  check: () => boolean,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe(`${AgentSupervisor.name} with real processes`, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'fleet-supervisor-'));
  const script = join(dataDir, 'fake-agent.js');
  writeFileSync(script, FAKE_AGENT);
  const started: number[] = [];

  afterAll(() => {
    for (const pid of started) if (!isGone(pid)) process.kill(pid, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  beforeEach(() => {
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });

  afterEach(() => jest.restoreAllMocks());

  function setup(restartLimit = 5) {
    const clock = new FakeClock();
    const config = new AppConfigService(
      appConfig({
        dataDir,
        agent: agentSettings({ script, restartLimit, manifest: script }),
      }),
    );
    const supervisor = new AgentSupervisor(
      new ProcessSpawner(),
      clock,
      config,
      brokerEndpoint(),
    );
    const events: AgentProcessEvent[] = [];
    supervisor.events$.subscribe((e) => events.push(e));
    return { clock, supervisor, events };
  }

  function start(supervisor: AgentSupervisor, id: string) {
    supervisor.start({
      id,
      region: 'munich',
      model: 'm',
      vehicleState: 'parked',
    });
  }

  /** The agent's and its child's pids, once it has written them. */
  async function pidsOf(id: string): Promise<number[]> {
    const file = join(agentRunFolder(dataDir, id), 'pids');
    await waitUntil(
      `${id} to start`,
      () => existsSync(file) && readFileSync(file, 'utf8').includes(' '),
    );
    const pids = readFileSync(file, 'utf8').split(' ').map(Number);
    rmSync(file);
    started.push(...pids);
    return pids;
  }

  it('ends the agent and everything it started on stop', async () => {
    const { supervisor } = setup();
    start(supervisor, 'car-1');
    const pids = await pidsOf('car-1');
    expect(pids.every((pid) => !isGone(pid))).toBe(true);

    await supervisor.stop('car-1');

    await waitUntil('the whole group to end', () => pids.every(isGone), 5000);
    expect(supervisor.counts()).toEqual({ running: 0, crashed: 0, desired: 0 });
  });

  it('sends SIGKILL to a group that ignores SIGTERM once the grace time is over', async () => {
    const { supervisor, clock } = setup();
    start(supervisor, 'stubborn-1');
    const pids = await pidsOf('stubborn-1');

    const stopped = supervisor.stop('stubborn-1');
    await new Promise((r) => setTimeout(r, 200));
    expect(pids.every((pid) => !isGone(pid))).toBe(true);
    clock.advance(STOP_GRACE_MS);
    await stopped;

    await waitUntil('the whole group to end', () => pids.every(isGone), 5000);
    expect(clock.pendingTimers).toBe(0);
  });

  it('restarts a crashing agent after 1 s, then 2 s, gives up at the limit, and leaves no child behind', async () => {
    const { supervisor, clock, events } = setup(2);
    start(supervisor, 'crash-1');
    const children: number[] = [];

    for (const delay of [1000, 2000]) {
      children.push((await pidsOf('crash-1'))[1]);
      await waitUntil(
        'the crash',
        () => events.at(-1)?.connection === 'crashed',
      );
      expect(clock.pendingDelays).toEqual([delay]);
      clock.advance(delay);
    }
    children.push((await pidsOf('crash-1'))[1]);
    await waitUntil('giving up', () => events.at(-1)?.connection === 'stopped');

    expect(events.map((e) => e.connection)).toEqual([
      'starting',
      'crashed',
      'starting',
      'crashed',
      'starting',
      'stopped',
    ]);
    await waitUntil(
      'every crashed agent’s child to end',
      () => children.every(isGone),
      5000,
    );
    await supervisor.stopAll();
    expect(clock.pendingTimers).toBe(0);
  });
});
