import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page, UpdateHistoryEntry } from '@fleet/shared/contracts';
import {
  ApiProcess,
  freePort,
  TestServices,
  testServices,
  waitFor,
  waitOnline,
} from '@fleet/e2e/support';

const MOSQUITTO = '/usr/sbin/mosquitto';

/** A Mosquitto of this suite's own (anonymous, in memory) that can be stopped and started again on its port. */
class OwnBroker {
  private child: ChildProcess | null = null;
  private readonly dir = mkdtempSync(join(tmpdir(), 'fleet-e2e-outage-'));

  constructor(readonly port: number) {}

  get url(): string {
    return `mqtt://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const conf = join(this.dir, 'mosquitto.conf');
    writeFileSync(
      conf,
      [
        `listener ${this.port} 127.0.0.1`,
        'allow_anonymous true',
        'persistence false',
        'log_type error',
        '',
      ].join('\n'),
    );
    const child = spawn(MOSQUITTO, ['-c', conf], { stdio: 'ignore' });
    this.child = child;
    await waitFor(
      `mosquitto on port ${this.port}`,
      () => {
        if (child.exitCode !== null)
          throw new Error(`mosquitto exited with ${child.exitCode}`);
        return accepts(this.port);
      },
      10_000,
      100,
    );
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }

  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * The broker goes away and comes back. Meanwhile the API says so (health: broker down) and refuses what needs the
 * car with a clear error instead of queuing it; afterwards the API and the car reconnect on their own, the car is
 * online again, and nothing asked for during the outage arrives late: the history holds only the update made after.
 */
describe('a broker outage: real API, Mosquitto, database and car agent', () => {
  let services: TestServices;
  let broker: OwnBroker;
  let api: ApiProcess;
  const car = () => `e2e-${services.runId}-outage`;

  const history = async (): Promise<UpdateHistoryEntry[]> => {
    const res = await api.request<Page<UpdateHistoryEntry>>(
      'GET',
      `/api/cars/${car()}/history`,
    );
    return res.body.items;
  };
  const brokerStatus = async (): Promise<string | undefined> => {
    const res = await fetch(`${api.baseUrl}/api/health`);
    const body = (await res.json()) as {
      components?: { broker?: { status?: string } };
    };
    return body.components?.broker?.status;
  };

  beforeAll(async () => {
    services = await testServices();
    broker = new OwnBroker(await freePort());
    await broker.start();
    api = new ApiProcess({
      mqttUrl: broker.url,
      databaseUrl: services.databaseUrl,
      extraEnv: { MQTT_SECURITY: 'none' },
    });
    await api.start('broker-outage');
    const res = await api.request('POST', '/api/cars', {
      region: 'munich',
      name: car(),
      model: 'atlas-sedan',
    });
    expect(res.status).toBe(201);
    await waitOnline(api, car());
  }, 90_000);

  afterAll(async () => {
    await api?.stopWithAgents();
    await broker?.dispose();
    await services?.dispose();
  }, 60_000);

  it('refuses updates and commands while the broker is down, recovers on its own, and delivers nothing late', async () => {
    await broker.stop();
    await waitFor('the API to see the broker down', async () =>
      (await brokerStatus()) === 'down' ? true : undefined,
    );
    const refused = await waitFor(
      'an update to be refused while the broker is down',
      async () => {
        const res = await api.request<{ message: string }>(
          'POST',
          `/api/cars/${car()}/update`,
          { version: '1.2.4' },
        );
        return res.status === 202 ? 'accepted' : res;
      },
    );
    expect(refused).toMatchObject({
      status: 409,
      body: { message: `car ${car()} is offline; updates need the car online` },
    });
    const command = await api.request<{ message: string }>(
      'PUT',
      `/api/cars/${car()}/state`,
      { state: 'driving' },
    );
    expect(command).toMatchObject({
      status: 409,
      body: { message: `car ${car()} is not online (offline)` },
    });
    expect(await history()).toEqual([]);

    await broker.start();
    await waitFor('the API to see the broker up', async () =>
      (await brokerStatus()) === 'up' ? true : undefined,
    );
    const back = await waitOnline(api, car());
    expect(back.vehicleState).toBe('parked');

    const res = await api.request<UpdateHistoryEntry>(
      'POST',
      `/api/cars/${car()}/update`,
      { version: '1.2.4' },
    );
    expect(res.status).toBe(202);
    const done = await waitFor(
      'the update to finish',
      async () => {
        const e = (await history()).find((h) => h.id === res.body.id);
        return e && e.result !== 'pending' ? e : undefined;
      },
      60_000,
      250,
    );
    expect(done).toMatchObject({ result: 'succeeded', toVersion: '1.2.4' });
    // Nothing from the outage arrived late: one entry, and the car still parked.
    expect((await history()).map((e) => e.id)).toEqual([res.body.id]);
    expect((await waitOnline(api, car())).vehicleState).toBe('parked');
  }, 120_000);
});
