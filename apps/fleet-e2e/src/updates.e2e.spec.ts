import { randomUUID } from 'node:crypto';
import type {
  BulkUpdateResponse,
  CarView,
  FleetVersion,
  Page,
  ServerToClientListeners,
  SummaryResult,
  UpdateHistoryEntry,
} from '@fleet/shared/contracts';
import {
  REALTIME_PATH,
  SIMULATION_FAULTS_TOPIC,
} from '@fleet/shared/contracts';
import { connectAsync, MqttClient } from 'mqtt';
import { io, Socket } from 'socket.io-client';
import {
  ApiProcess,
  TestServices,
  getCar,
  testServices,
  waitFor,
  waitOnline,
} from '@fleet/e2e/support';

/** Every update goes API -> Symphony Instance -> MQTT target provider -> the car's target agent -> Ankaios. */
describe('updates through Symphony: real API, broker, database and car agents', () => {
  let services: TestServices;
  let api: ApiProcess;
  let mqtt: MqttClient;
  const name = (suffix: string) => `e2e-${services.runId}-${suffix}`;

  async function historyOf(
    id: string,
    query = '',
  ): Promise<Page<UpdateHistoryEntry>> {
    const res = await api.request<Page<UpdateHistoryEntry>>(
      'GET',
      `/api/cars/${id}/history${query}`,
    );
    expect(res.status).toBe(200);
    return res.body;
  }

  /** The newest history entry once it is no longer pending. */
  function finished(id: string, entryId: string): Promise<UpdateHistoryEntry> {
    return waitFor(
      `update ${entryId} of ${id} to finish`,
      async () => {
        const entry = (await historyOf(id)).items.find((e) => e.id === entryId);
        return entry && entry.result !== 'pending' ? entry : undefined;
      },
      60_000,
      250,
    );
  }

  async function update(
    id: string,
    version: string,
  ): Promise<UpdateHistoryEntry> {
    const res = await api.request<UpdateHistoryEntry>(
      'POST',
      `/api/cars/${id}/update`,
      { version },
    );
    expect(res.status).toBe(202);
    return res.body;
  }

  const carWith = (
    id: string,
    check: (car: CarView) => boolean,
    what: string,
  ) =>
    waitFor(
      `car ${id} ${what}`,
      async () => {
        const car = await getCar(api, id);
        return car && check(car) ? car : undefined;
      },
      30_000,
      200,
    );

  beforeAll(async () => {
    services = await testServices();
    api = new ApiProcess({
      mqttUrl: services.mqttUrl,
      databaseUrl: services.databaseUrl,
    });
    await api.start('updates');
    mqtt = await connectAsync(api.brokerUrl, {
      ...api.mqttOptions(),
      clientId: `e2e-updates-${services.runId}`,
      reconnectPeriod: 0,
    });
    for (const [suffix, region] of [
      ['a', 'munich'],
      ['b', 'munich'],
      ['v', 'berlin'],
    ] as const) {
      const model = suffix === 'v' ? 'cirrus-van' : 'atlas-sedan';
      const res = await api.request('POST', '/api/cars', {
        region,
        name: name(suffix),
        model,
      });
      expect(res.status).toBe(201);
    }
    await Promise.all(['a', 'b', 'v'].map((s) => waitOnline(api, name(s))));
  }, 90_000);

  afterAll(async () => {
    await mqtt
      ?.publishAsync(SIMULATION_FAULTS_TOPIC, '', { qos: 1, retain: true })
      .catch(() => undefined);
    await mqtt?.endAsync().catch(() => undefined);
    await api?.stopWithAgents();
    await services?.dispose();
  }, 60_000);

  it('serves the seeded versions in the update store', async () => {
    const res = await api.request<FleetVersion[]>('GET', '/api/versions');

    expect(res.status).toBe(200);
    expect(res.body.map((v) => v.version)).toEqual(['1.3.0', '1.2.4', '1.2.3']);
    expect(res.body[0]).toMatchObject({
      reference: 'fleet:1.3.0',
      compatibleModels: ['sedan', 'suv'],
    });
    expect(res.body[1].components.map((c) => c.image)).toContain(
      'ghcr.io/fleet-ota/telematics:1.2.4',
    );
  });

  it('updates a parked car from 1.2.3 to 1.2.4: yellow while updating, then succeeded with the new version', async () => {
    const id = name('a');
    expect((await waitOnline(api, id)).version).toBe('1.2.3');
    const socket: Socket<ServerToClientListeners> = io(api.baseUrl, {
      path: REALTIME_PATH,
      transports: ['websocket'],
      auth: { token: api.token },
    });
    const states: string[] = [];
    socket.on('cars.changed', ({ cars }) => {
      for (const car of cars)
        if (car.id === id && states[states.length - 1] !== car.updateState)
          states.push(car.updateState);
    });
    try {
      await waitFor('socket connected', () => socket.connected);
      const accepted = await update(id, '1.2.4');
      expect(accepted).toMatchObject({
        carId: id,
        fromVersion: '1.2.3',
        toVersion: '1.2.4',
        result: 'pending',
        instance: `fleet-car-${id}`,
      });

      const entry = await finished(id, accepted.id);
      expect(entry).toMatchObject({
        result: 'succeeded',
        coaState: 200,
        phase: 'finished',
      });
      expect(Object.keys(entry.components).sort()).toEqual([
        'adas',
        'infotainment',
        'telematics',
      ]);
      const car = await carWith(id, (c) => c.version === '1.2.4', 'at 1.2.4');
      expect(car).toMatchObject({
        updateState: 'succeeded',
        display: 'parked',
      });
      await waitFor(
        'updating then succeeded over the socket',
        () => states.includes('updating') && states.includes('succeeded'),
      );
      expect(states.indexOf('updating')).toBeLessThan(
        states.indexOf('succeeded'),
      );
    } finally {
      socket.close();
    }

    const summary = await api.request<SummaryResult>(
      'GET',
      `/v1alpha2/solutionversion/queue?instance=fleet-car-${id}`,
    );
    expect(summary.status).toBe(200);
    expect(summary.body).toMatchObject({
      state: 2,
      summary: {
        targetCount: 1,
        successCount: 1,
        targets: { [`car-${id}`]: { status: 'OK' } },
      },
    });
  });

  it('refuses to update a driving car (409), and a model the version excludes (422)', async () => {
    const id = name('b');
    expect(
      (await api.request('PUT', `/api/cars/${id}/state`, { state: 'driving' }))
        .status,
    ).toBe(200);
    try {
      const refused = await api.request<{ message: string }>(
        'POST',
        `/api/cars/${id}/update`,
        { version: '1.2.4' },
      );
      expect(refused.status).toBe(409);
      expect(refused.body.message).toContain('driving');
    } finally {
      await api.request('PUT', `/api/cars/${id}/state`, { state: 'parked' });
    }
    expect(
      (
        await api.request('POST', `/api/cars/${name('v')}/update`, {
          version: '1.3.0',
        })
      ).status,
    ).toBe(422);
    expect(
      (
        await api.request('POST', `/api/cars/no-such-car/update`, {
          version: '1.2.4',
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await api.request('POST', `/api/cars/${id}/update`, {
          version: '9.9.9',
        })
      ).status,
    ).toBe(404);
  });

  it('restores 1.2.4 and records failed when 1.3.0 cannot start', async () => {
    const id = name('a');
    const faults = {
      rules: [{ image: '*:1.3.0', fault: 'fail-start', probability: 1 }],
      updatedAt: new Date().toISOString(),
    };
    await mqtt.publishAsync(SIMULATION_FAULTS_TOPIC, JSON.stringify(faults), {
      qos: 1,
      retain: true,
    });
    try {
      const accepted = await update(id, '1.3.0');

      const entry = await finished(id, accepted.id);
      expect(entry).toMatchObject({
        result: 'failed',
        coaState: 500,
        fromVersion: '1.2.4',
        toVersion: '1.3.0',
      });
      expect(Object.values(entry.components).map((c) => c.status)).toContain(
        8001,
      );
      expect(entry.messages.join(' ')).toContain('restored');
      const car = await carWith(
        id,
        (c) => c.updateState === 'failed',
        'failed',
      );
      expect(car).toMatchObject({ display: 'failed' });
      await carWith(
        id,
        (c) =>
          c.version === '1.2.4' && c.workloads.running === c.workloads.total,
        'back on 1.2.4',
      );
    } finally {
      await mqtt.publishAsync(SIMULATION_FAULTS_TOPIC, '', {
        qos: 1,
        retain: true,
      });
    }
  });

  it('rolls back to the version before the current one, and updates forward again', async () => {
    const id = name('a');

    const rollback = await api.request<BulkUpdateResponse>(
      'POST',
      '/api/cars/rollback',
      { carIds: [id] },
    );
    expect(rollback.status).toBe(200);
    expect(rollback.body.results[0]).toMatchObject({
      carId: id,
      status: 'accepted',
      entry: { kind: 'rollback', fromVersion: '1.2.4', toVersion: '1.2.3' },
    });
    const [back] = rollback.body.results;
    if (back.status !== 'accepted')
      throw new Error(`rollback refused: ${back.reason}`);
    expect(await finished(id, back.entry.id)).toMatchObject({
      result: 'succeeded',
    });
    expect(
      await carWith(id, (c) => c.version === '1.2.3', 'at 1.2.3'),
    ).toMatchObject({ updateState: 'rolled-back' });

    const forward = await update(id, '1.2.4');
    expect(await finished(id, forward.id)).toMatchObject({
      result: 'succeeded',
    });
    await carWith(
      id,
      (c) => c.version === '1.2.4' && c.updateState === 'succeeded',
      'at 1.2.4 again',
    );

    const history = await historyOf(id, '?pageSize=2');
    expect(history.total).toBe(4);
    expect(history.items.map((e) => [e.kind, e.toVersion, e.result])).toEqual([
      ['update', '1.2.4', 'succeeded'],
      ['rollback', '1.2.3', 'succeeded'],
    ]);
  });

  it('updates many cars at once, each accepted or refused with its reason', async () => {
    const res = await api.request<BulkUpdateResponse>(
      'POST',
      '/api/cars/bulk-update',
      { carIds: [name('b'), name('v')], version: '1.3.0' },
    );

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ accepted: 1, refused: 1 });
    expect(res.body.results.find((r) => r.carId === name('v'))).toMatchObject({
      status: 'refused',
      statusCode: 422,
    });
    const accepted = res.body.results.find((r) => r.carId === name('b'));
    expect(accepted?.status).toBe('accepted');
    if (accepted?.status === 'accepted')
      expect(await finished(name('b'), accepted.entry.id)).toMatchObject({
        result: 'succeeded',
      });
  });

  it('answers a plain MQTT client’s COA GET on the car’s own request topic', async () => {
    const target = `car-${name('a')}`;
    const requestId = randomUUID();
    const answers: Record<string, unknown>[] = [];
    mqtt.on('message', (topic, payload) => {
      if (topic === `symphony/${target}/response`)
        answers.push(JSON.parse(payload.toString('utf8')));
    });
    await mqtt.subscribeAsync(`symphony/${target}/response`, { qos: 1 });
    const request = {
      method: 'GET',
      route: 'instances',
      contentType: '',
      body: null,
      metadata: { 'request-id': requestId, 'active-target': target },
    };
    await mqtt.publishAsync(
      `symphony/${target}/request`,
      JSON.stringify(request),
      { qos: 1 },
    );

    const answer = await waitFor('the car’s COA answer', () =>
      answers.find(
        (a) =>
          (a['metadata'] as Record<string, string> | undefined)?.[
            'request-id'
          ] === requestId,
      ),
    );
    expect(answer).toMatchObject({
      state: 200,
      contentType: 'application/json',
    });
    const components = JSON.parse(
      Buffer.from(answer['body'] as string, 'base64').toString('utf8'),
    ) as { name: string; properties: Record<string, string> }[];
    expect(components.map((c) => c.name).sort()).toEqual([
      'adas',
      'infotainment',
      'telematics',
    ]);
    expect(
      components.find((c) => c.name === 'telematics')?.properties[
        'ankaios.runtimeConfig'
      ],
    ).toContain('telematics:1.2.4');
    await mqtt.unsubscribeAsync(`symphony/${target}/response`);
  });
});
