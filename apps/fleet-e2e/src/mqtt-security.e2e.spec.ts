import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CarTopics } from '@fleet/shared/contracts';
import { agentProcesses, ApiProcess, waitOnline } from '@fleet/e2e/support';
import {
  carClientId,
  closedWithin,
  collect,
  grantedQos,
  MqttClients,
} from './mqtt-security/mqtt-clients';

// The Mosquitto half of these checks is mqtt-security.mosquitto.e2e.spec.ts.

const clients = new MqttClients();
afterEach(() => clients.endAll());

/** The built API's embedded broker, with real agents that get their credentials from the supervisor. */
describe('MQTT security on the embedded broker', () => {
  let api: ApiProcess;
  const runId = Math.random().toString(16).slice(2, 8);
  const carA = `sec-${runId}-a`;
  const carB = `sec-${runId}-b`;
  const runFolder = (car: string) => join(api.dataDir, 'agents', car);

  async function startWithCars(
    label: string,
    env: Record<string, string>,
  ): Promise<void> {
    api = new ApiProcess({ extraEnv: env });
    await api.start(label);
    for (const name of [carA, carB]) {
      const created = await api.request('POST', '/api/cars', {
        region: 'munich',
        name,
      });
      expect(created.status).toBe(201);
    }
    await Promise.all([carA, carB].map((id) => waitOnline(api, id)));
  }

  async function stopApi(): Promise<void> {
    await api?.stopWithAgents();
  }

  describe('passwords (the default)', () => {
    beforeAll(() => startWithCars('mqtt-security-password', {}), 90_000);
    afterAll(stopApi, 60_000);

    const secretOf = (car: string) =>
      readFileSync(join(runFolder(car), 'mqtt-password'), 'utf8');
    const asCar = (car: string) =>
      clients.connect(api.brokerUrl, {
        username: car,
        password: secretOf(car),
        clientId: carClientId(car),
      });

    it('hands each agent its secret in a 0600 file, never on its command line', () => {
      const agent = agentProcesses(api.dataDir).find((p) => p.name === carA);
      const commandLine = readFileSync(`/proc/${agent?.pid}/cmdline`, 'utf8');

      expect(commandLine).toContain('--mqtt-password-file');
      expect(commandLine).not.toContain(secretOf(carA));
      expect(
        execFileSync('stat', [
          '-c',
          '%a',
          join(runFolder(carA), 'mqtt-password'),
        ])
          .toString()
          .trim(),
      ).toBe('600');
    });

    it("refuses a car acting on another car's topics, and a wrong password", async () => {
      const seen = await collect(
        await clients.connect(api.brokerUrl, {
          ...api.mqttOptions(),
          clientId: 'fleet-api-e2e-watch',
        }),
        `fleet/cars/${carB}/#`,
      );
      const impostor = await asCar(carA);
      const denied = await grantedQos(impostor, CarTopics.command(carB));
      void impostor
        .publishAsync(
          CarTopics.status(carB),
          JSON.stringify({ forged: true }),
          { qos: 1 },
        )
        .catch(() => undefined);

      expect(denied).toBe(128);
      expect(await closedWithin(impostor, 3000)).toBe(true);
      expect(seen.filter((m) => m.payload.includes('forged'))).toEqual([]);
      const wrong = await clients.refusal(api.brokerUrl, {
        username: carA,
        password: secretOf(carB),
        clientId: carClientId(carA),
      });
      expect(wrong.code).toBe(4);
      const anonymous = await clients.refusal(api.brokerUrl, {
        clientId: 'anonymous-e2e',
      });
      expect(anonymous.code).toBe(5);
    });
  });

  describe('passwords over TLS', () => {
    beforeAll(
      () => startWithCars('mqtt-security-tls', { MQTT_TLS: 'on' }),
      90_000,
    );
    afterAll(stopApi, 60_000);

    it('brings the agents online over TLS, accepts TLS clients and refuses plain TCP', async () => {
      expect(api.brokerUrl).toMatch(/^mqtts:/);
      const client = await clients.connect(api.brokerUrl, {
        ...api.mqttOptions(),
        clientId: 'fleet-api-e2e-tls',
      });
      expect(client.connected).toBe(true);

      const plain = await clients.refusal(
        api.brokerUrl.replace('mqtts:', 'mqtt:'),
        {
          ...api.mqttOptions(),
          ca: undefined,
          clientId: 'fleet-api-e2e-plain',
        },
      );
      expect(typeof plain.code).not.toBe('number');
    });
  });

  describe('mutual TLS', () => {
    beforeAll(
      () => startWithCars('mqtt-security-mtls', { MQTT_SECURITY: 'mtls' }),
      90_000,
    );
    afterAll(stopApi, 60_000);

    const certOf = (car: string) => ({
      ca: api.mqttOptions().ca,
      cert: readFileSync(join(runFolder(car), 'mqtt-client.crt')),
      key: readFileSync(join(runFolder(car), 'mqtt-client.key')),
    });

    it("brings the agents online with their own certificates and refuses car A's certificate acting as car B", async () => {
      const asB = await clients.refusal(api.brokerUrl, {
        ...certOf(carA),
        username: carB,
        clientId: carClientId(carB),
      });
      const idOfB = await clients.refusal(api.brokerUrl, {
        ...certOf(carA),
        clientId: carClientId(carB),
      });
      const carACert = await clients.connect(api.brokerUrl, {
        ...certOf(carA),
        clientId: carClientId(carA),
      });
      const denied = await grantedQos(carACert, CarTopics.command(carB));
      void carACert
        .publishAsync(CarTopics.vehicle(carB), 'forged', { qos: 1 })
        .catch(() => undefined);

      expect(asB.code).toBe(4);
      expect(idOfB.code).toBe(2);
      expect(denied).toBe(128);
      expect(await closedWithin(carACert, 3000)).toBe(true);
    });

    it('refuses a client without a certificate', async () => {
      const noCert = await clients.refusal(api.brokerUrl, {
        ca: api.mqttOptions().ca,
        clientId: 'no-cert-e2e',
      });

      expect(typeof noCert.code).not.toBe('number');
    });
  });
});
