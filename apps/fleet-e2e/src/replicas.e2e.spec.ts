import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  Page,
  RolloutProgress,
  RolloutView,
  ServerToClientListeners,
  UpdateHistoryEntry,
} from '@fleet/shared/contracts';
import { REALTIME_PATH } from '@fleet/shared/contracts';
import { io, Socket } from 'socket.io-client';
import {
  ApiProcess,
  TestServices,
  WORKSPACE,
  agentProcesses,
  killLeftoverAgents,
  carHistory,
  getCar,
  getRollout,
  testServices,
  waitFor,
  waitOnline,
} from '@fleet/e2e/support';

const LEASE_TTL_SECONDS = 3;

/** The parent of a process (field 4 of /proc/<pid>/stat, after the command name in parentheses). */
function parentPid(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}

interface ReplicaHealth {
  replica?: { id: string; leader: boolean; leaseTtlSeconds: number };
}

/**
 * Two API replicas on one PostgreSQL database and one Mosquitto (npm run test:services; the suite is left out
 * when MQTT_URL and DATABASE_URL are not set, see jest.config.cts). They share DATA_DIR as replicas would
 * share a volume: the leader runs the car agents, whose run folders live there. Replica A starts first and
 * holds the engine lease; B is a follower until A is killed with SIGKILL mid-rollout.
 */
describe('several API replicas: one engine lease, takeover when the leader dies', () => {
  let services: TestServices;
  let dataDir: string;
  let a: ApiProcess;
  let b: ApiProcess;
  const name = (suffix: string) => `e2e-${services.runId}-${suffix}`;
  const munich = () => [name('m1'), name('m2')];
  const berlin = () => [name('b1'), name('b2')];

  function replica(): ApiProcess {
    return new ApiProcess({
      mqttUrl: services.mqttUrl,
      databaseUrl: services.databaseUrl,
      dataDir,
      extraEnv: {
        CLUSTER: 'on',
        LEASE_TTL_SECONDS: String(LEASE_TTL_SECONDS),
      },
    });
  }

  async function health(api: ApiProcess): Promise<ReplicaHealth['replica']> {
    const res = await api.request<ReplicaHealth>('GET', '/api/health');
    return res.body.replica;
  }

  /** Once the follower shows `car` online: the car's agent process (run by the leader). */
  async function agentOnlineOnFollower(car: string) {
    await waitFor(
      `car ${car} online on the follower`,
      async () => (await getCar(b, car))?.connection === 'online',
    );
    const agent = agentProcesses(dataDir).find((p) => p.name === car);
    expect(agent).toBeDefined();
    return agent;
  }

  const rollout = getRollout;
  const historyOf = carHistory;

  beforeAll(async () => {
    services = await testServices();
    dataDir = mkdtempSync(join(tmpdir(), 'fleet-replicas-'));
    a = replica();
    b = replica();
    // One after the other: the first creates the schema and the JWT secret, the second finds both.
    await a.start('replicas-a');
    for (const [suffix, region] of [
      ['m1', 'munich'],
      ['m2', 'munich'],
      ['b1', 'berlin'],
      ['b2', 'berlin'],
    ]) {
      const res = await a.request('POST', '/api/cars', {
        region,
        name: name(suffix),
        model: 'atlas-sedan',
      });
      expect(res.status).toBe(201);
    }
    await Promise.all(
      [...munich(), ...berlin()].map((id) => waitOnline(a, id)),
    );
    await b.start('replicas-b');
  }, 120_000);

  afterAll(async () => {
    for (const api of [a, b]) await api?.stop('SIGTERM').catch(() => undefined);
    if (dataDir) killLeftoverAgents(dataDir);
    await services?.dispose();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('has exactly one leader; the follower knows the cars without running their agents', async () => {
    const [ha, hb] = [await health(a), await health(b)];
    expect(ha).toMatchObject({
      leader: true,
      leaseTtlSeconds: LEASE_TTL_SECONDS,
    });
    expect(hb).toMatchObject({ leader: false });
    expect(ha?.id).not.toBe(hb?.id);
    // The follower lists the cars from the database, and their connection from the broker (retained status).
    for (const id of [...munich(), ...berlin()])
      await waitFor(
        `car ${id} online on the follower`,
        async () => (await getCar(b, id))?.connection === 'online',
      );
    expect(agentProcesses(dataDir)).toHaveLength(4);
  });

  it('a follower forwards writes to the leader and answers reads from the database', async () => {
    const created = await b.request<RolloutView>('POST', '/api/rollouts', {
      version: '1.2.4',
      stages: [{ selector: { region: 'munich' } }],
    });
    expect(created.status).toBe(201);
    expect(created.body.status).toBe('draft');
    // Written by the leader, read back on both.
    expect((await rollout(a, created.body.id)).status).toBe('draft');
    expect((await rollout(b, created.body.id)).status).toBe('draft');
    const listed = await b.request<Page<RolloutView>>('GET', '/api/rollouts');
    expect(listed.body.items.map((r) => r.id)).toContain(created.body.id);
    // The leader's errors come back as they are.
    const unknown = await b.request('POST', '/api/rollouts/nope/pause');
    expect(unknown.status).toBe(404);
    const cancelled = await b.request<RolloutView>(
      'POST',
      `/api/rollouts/${created.body.id}/cancel`,
    );
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    expect((await rollout(b, created.body.id)).status).toBe('cancelled');
    expect(
      (await b.request('POST', `/api/rollouts/${created.body.id}/cancel`))
        .status,
    ).toBe(409);
  });

  it('a car created on one replica is known to the other; deleted there, it is gone on both and its agent stopped', async () => {
    const id = name('x1');
    const created = await b.request('POST', '/api/cars', {
      region: 'hamburg',
      name: id,
      model: 'atlas-sedan',
    });
    expect(created.status).toBe(201);
    await waitFor(
      `car ${id} online on the leader`,
      async () => (await getCar(a, id))?.connection === 'online',
    );
    // Spawned by the leader (on the announcement), not by the follower that stored it.
    const agent = agentProcesses(dataDir).find((p) => p.name === id);
    expect(agent).toBeDefined();
    expect(parentPid(agent?.pid ?? 0)).toBe(a.pid);
    expect(parentPid(agent?.pid ?? 0)).not.toBe(b.pid);
    expect(agentProcesses(dataDir).filter((p) => p.name === id)).toHaveLength(
      1,
    );

    expect((await a.request('DELETE', `/api/cars/${id}`)).status).toBe(204);
    await waitFor(
      `car ${id} gone on the follower`,
      async () => (await b.request('GET', `/api/cars/${id}`)).status === 404,
    );
    await waitFor(`the agent of ${id} stopped`, () =>
      agentProcesses(dataDir).every((p) => p.name !== id),
    );
  });

  it('the follower takes the lease within the TTL when the leader is killed mid-rollout and finishes the rollout; no car updated twice', async () => {
    const socket: Socket<ServerToClientListeners> = io(b.baseUrl, {
      path: REALTIME_PATH,
      transports: ['websocket'],
      auth: { token: b.token },
    });
    const progress: { at: number; event: RolloutProgress }[] = [];
    socket.on('rollout.progress', (event) =>
      progress.push({ at: Date.now(), event }),
    );
    try {
      await waitFor('socket connected to the follower', () => socket.connected);
      // Sent to the follower, created and started by the leader.
      const created = await b.request<RolloutView>(
        'POST',
        '/api/cars/staged-rollout',
        {
          version: '1.2.4',
          regions: ['munich', 'berlin'],
          successWindowSeconds: 5,
        },
      );
      expect(created.status).toBe(201);
      const id = created.body.id;
      expect(created.body.status).toBe('running');

      // The leader's progress reaches the follower's client through the broker.
      await waitFor('progress of the rollout on the follower', () =>
        progress.some((p) => p.event.id === id),
      );
      const killedAt = Date.now();
      await a.stop('SIGKILL');
      const beforeKill = progress.filter(
        (p) => p.event.id === id && p.at < killedAt,
      );
      expect(beforeKill.length).toBeGreaterThan(0);
      expect(beforeKill[0].event.stages[0].name).toBe('munich');
      expect(beforeKill[beforeKill.length - 1].event.status).toBe('running');

      await waitFor(
        'the follower to hold the lease',
        async () => (await health(b))?.leader === true,
        (LEASE_TTL_SECONDS + 3) * 1000,
        100,
      );
      const tookOverMs = Date.now() - killedAt;
      // At most one TTL, one follower try (a tenth) and the health poll's own latency.
      expect(tookOverMs).toBeLessThan(LEASE_TTL_SECONDS * 1000 + 2_000);

      const done = await waitFor(
        `rollout ${id} completed on the new leader`,
        async () => {
          const r = await rollout(b, id);
          return r.status === 'completed' ? r : undefined;
        },
        120_000,
        500,
      );
      expect(
        done.stages.map((s) => [s.name, s.status, s.counts.succeeded]),
      ).toEqual([
        ['munich', 'succeeded', 2],
        ['berlin', 'succeeded', 2],
      ]);
      for (const car of [...munich(), ...berlin()]) {
        expect((await getCar(b, car))?.version).toBe('1.2.4');
        const updates = (await historyOf(b, car)).filter(
          (e) =>
            e.kind === 'update' &&
            e.toVersion === '1.2.4' &&
            e.actor === `rollout:${id}`,
        );
        expect(updates).toHaveLength(1);
        expect(updates[0].result).toBe('succeeded');
        // Munich's sends were the killed leader's; the new one finished them instead of sending again.
        if (munich().includes(car))
          expect(Date.parse(updates[0].requestedAt)).toBeLessThan(killedAt);
      }
      // The new leader's own progress reaches its clients as before.
      await waitFor('the completed rollout on the socket', () =>
        progress.some(
          (p) => p.event.id === id && p.event.status === 'completed',
        ),
      );
      // Its agents run under the new leader.
      expect(agentProcesses(dataDir)).toHaveLength(4);
    } finally {
      socket.close();
    }
  }, 180_000);

  it('a leader stopped gracefully releases the lease: the other replica takes it at once and runs the agents', async () => {
    await a.start('replicas-a-restarted');
    expect(await health(a)).toMatchObject({ leader: false });

    // The log file is appended to by every run: look only at what this stop writes.
    const bLog = join(WORKSPACE, 'test-output/fleet-e2e/replicas-b.log');
    const logBefore = statSync(bLog).size;
    await b.stop('SIGTERM');
    const stoppedAt = Date.now();
    await waitFor(
      'the restarted replica to hold the lease',
      async () => (await health(a))?.leader === true,
      LEASE_TTL_SECONDS * 1000,
      100,
    );
    // Released, not expired: the lease was free before the TTL could run out.
    expect(Date.now() - stoppedAt).toBeLessThan(1_500);
    expect(readFileSync(bLog).subarray(logBefore).toString('utf8')).toContain(
      'released the rollout-engine lease',
    );
    for (const id of [...munich(), ...berlin()]) {
      const car = await waitOnline(a, id, 45_000);
      expect(car.version).toBe('1.2.4');
    }
  }, 90_000);

  it('a follower killed while it runs a single-car update: the leader finishes it, one entry in the history', async () => {
    await b.start('replicas-b-again');
    const follower = await health(b);
    expect(follower).toMatchObject({ leader: false });
    const car = munich()[0];
    const agent = await agentOnlineOnFollower(car);
    const aLog = join(
      WORKSPACE,
      'test-output/fleet-e2e/replicas-a-restarted.log',
    );
    const logBefore = statSync(aLog).size;
    // The car holds the deployment unanswered until the follower is gone and the leader has taken it over.
    process.kill(agent?.pid ?? 0, 'SIGSTOP');
    let accepted: UpdateHistoryEntry;
    let killedAt: number;
    try {
      const res = await b.request<UpdateHistoryEntry>(
        'POST',
        `/api/cars/${car}/update`,
        { version: '1.3.0' },
      );
      expect(res.status).toBe(202);
      accepted = res.body;
      expect(accepted.result).toBe('pending');
      killedAt = Date.now();
      await b.stop('SIGKILL');
      await waitFor(
        'the leader to take over the killed follower',
        () =>
          readFileSync(aLog)
            .subarray(logBefore)
            .toString('utf8')
            .includes(`replica ${follower?.id} is gone`),
        (LEASE_TTL_SECONDS + 5) * 1000,
        100,
      );
    } finally {
      process.kill(agent?.pid ?? 0, 'SIGCONT');
    }
    const done = await waitFor(
      `the update of ${car} finished by the leader`,
      async () => {
        const entry = (await historyOf(a, car)).find(
          (e) => e.id === accepted.id,
        );
        return entry?.result === 'succeeded' ? entry : undefined;
      },
      60_000,
      250,
    );
    expect(Date.parse(done.requestedAt)).toBeLessThan(killedAt);
    const updates = (await historyOf(a, car)).filter(
      (e) => e.toVersion === '1.3.0',
    );
    expect(updates.map((e) => e.id)).toEqual([accepted.id]);
    await waitFor(
      `${car} at 1.3.0 on the leader`,
      async () => (await getCar(a, car))?.version === '1.3.0',
    );
    // The leader resent the follower's job; it recorded no update of its own.
    expect(readFileSync(aLog).subarray(logBefore).toString('utf8')).toContain(
      `car=${car} sending the unfinished deployment ${accepted.jobId} again`,
    );
  }, 90_000);

  it('an update in flight on one replica is refused on the other (409) until it has finished', async () => {
    await b.start('replicas-b-third');
    const leader = await health(a);
    expect(leader).toMatchObject({ leader: true });
    const car = berlin()[0];
    const agent = await agentOnlineOnFollower(car);
    // The car holds the deployment unanswered while the other replica is asked for one.
    process.kill(agent?.pid ?? 0, 'SIGSTOP');
    let accepted: UpdateHistoryEntry;
    try {
      const res = await a.request<UpdateHistoryEntry>(
        'POST',
        `/api/cars/${car}/update`,
        { version: '1.3.0' },
      );
      expect(res.status).toBe(202);
      accepted = res.body;
      const refused = await b.request<{ message: string }>(
        'POST',
        `/api/cars/${car}/update`,
        { version: '1.3.0' },
      );
      expect(refused.status).toBe(409);
      expect(refused.body.message).toBe(
        `car ${car} has an update in flight on another API replica (${leader?.id}, job ${accepted.jobId}); wait until it finishes`,
      );
    } finally {
      process.kill(agent?.pid ?? 0, 'SIGCONT');
    }
    await waitFor(
      `the update of ${car} finished`,
      async () =>
        (await historyOf(b, car)).find((e) => e.id === accepted.id)?.result ===
        'succeeded',
      60_000,
      250,
    );
    // Released with the end of the deployment: the other replica now takes the car's next update.
    const next = await waitFor(
      `the follower to accept the next update of ${car}`,
      async () => {
        const res = await b.request<UpdateHistoryEntry>(
          'POST',
          `/api/cars/${car}/update`,
          { version: '1.2.4' },
        );
        return res.status === 202 ? res.body : undefined;
      },
      10_000,
      250,
    );
    await waitFor(
      `the follower's update of ${car} finished`,
      async () =>
        (await historyOf(b, car)).find((e) => e.id === next.id)?.result ===
        'succeeded',
      60_000,
      250,
    );
    // The refused request left nothing behind.
    expect(
      (await historyOf(b, car))
        .filter((e) => e.toVersion === '1.3.0')
        .map((e) => e.id),
    ).toEqual([accepted.id]);
  }, 90_000);
});

/** A fresh database: the schema is created by whichever replica gets the lock first, the other waits. */
describe('several API replicas starting at the same moment', () => {
  let services: TestServices;
  let dataDir: string;
  const replicas: ApiProcess[] = [];

  beforeAll(async () => {
    services = await testServices();
    dataDir = mkdtempSync(join(tmpdir(), 'fleet-replicas-start-'));
  });

  afterAll(async () => {
    for (const api of replicas)
      await api.stop('SIGTERM').catch(() => undefined);
    if (dataDir) killLeftoverAgents(dataDir);
    await services?.dispose();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('both start on an empty database; one leads, the other follows, and they share one fleet', async () => {
    for (let i = 0; i < 2; i++)
      replicas.push(
        new ApiProcess({
          mqttUrl: services.mqttUrl,
          databaseUrl: services.databaseUrl,
          dataDir,
          extraEnv: {
            CLUSTER: 'on',
            LEASE_TTL_SECONDS: String(LEASE_TTL_SECONDS),
          },
        }),
      );
    const [c, d] = replicas;
    // The log files are appended to by every run: look only at what this start writes.
    const logs = ['replicas-start-c', 'replicas-start-d'].map((label) =>
      join(WORKSPACE, `test-output/fleet-e2e/${label}.log`),
    );
    const sizeOf = (file: string) => {
      try {
        return statSync(file).size;
      } catch {
        return 0;
      }
    };
    const before = logs.map(sizeOf);
    await Promise.all([
      c.start('replicas-start-c'),
      d.start('replicas-start-d'),
    ]);

    const roles = await Promise.all(
      replicas.map(async (api) => {
        const res = await api.request<ReplicaHealth>('GET', '/api/health');
        expect(res.status).toBe(200);
        return res.body.replica?.leader;
      }),
    );
    expect(roles.filter((leader) => leader === true)).toHaveLength(1);
    expect(roles.filter((leader) => leader === false)).toHaveLength(1);
    // The migrations ran once, by whichever replica got the lock first; the other found them applied. Both
    // then found the schema equal to the entities.
    const written = logs.map((file, i) =>
      readFileSync(file).subarray(before[i]).toString('utf8'),
    );
    expect(
      written.filter((text) => /applied InitialSchema\d+/.test(text)),
    ).toHaveLength(1);
    expect(
      written.filter((text) => text.includes('schema up to date')),
    ).toHaveLength(2);

    // One schema, used by both: a car created on one is read on the other.
    const id = `e2e-${services.runId}-s1`;
    expect(
      (
        await d.request('POST', '/api/cars', {
          region: 'munich',
          name: id,
          model: 'atlas-sedan',
        })
      ).status,
    ).toBe(201);
    await waitFor(
      `car ${id} on both replicas`,
      async () =>
        (await c.request('GET', `/api/cars/${id}`)).status === 200 &&
        (await d.request('GET', `/api/cars/${id}`)).status === 200,
    );
    const leader = roles[0] ? c : d;
    await waitOnline(leader, id);
    const agents = agentProcesses(dataDir).filter((p) => p.name === id);
    expect(agents).toHaveLength(1);
    expect(parentPid(agents[0].pid)).toBe(leader.pid);
  }, 120_000);
});
