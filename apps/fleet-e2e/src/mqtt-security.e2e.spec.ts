import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CarTopics, SymphonyTopics } from '@fleet/shared/contracts';
import { agentProcesses, ApiProcess, waitOnline, WORKSPACE } from '@fleet/e2e/support';
import { DEPLOY_DIR, MosquittoProcess } from './mqtt-security/mosquitto-process';
import { arrival, carClientId, closedWithin, collect, grantedQos, MqttClients } from './mqtt-security/mqtt-clients';

const clients = new MqttClients();
afterEach(() => clients.endAll());

/** Mosquitto with deploy/mosquitto's configuration: the broker a production fleet would run. */
describe('MQTT security on Mosquitto', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fleet-mosquitto-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  describe('passwords and the fleet ACL', () => {
    let broker: MosquittoProcess;
    const url = () => `mqtt://127.0.0.1:${broker.port}`;
    const secret = (user: string) => readFileSync(join(dir, 'secrets', user), 'utf8');
    const as = (user: string, clientId = carClientId(user)) =>
      clients.connect(url(), { username: user, password: secret(user), clientId });

    beforeAll(async () => {
      execFileSync('bash', [join(DEPLOY_DIR, 'make-passwords.sh'), dir, 'car-a', 'car-b'], { stdio: 'ignore' });
      broker = await MosquittoProcess.start('mosquitto-password.conf', dir);
    });
    afterAll(() => broker?.stop());

    it('refuses a wrong password, an unknown user and anonymous clients', async () => {
      const refusals = [
        await clients.refusal(url(), { username: 'car-a', password: secret('car-b'), clientId: carClientId('car-a') }),
        await clients.refusal(url(), { username: 'car-z', password: secret('car-a'), clientId: carClientId('car-z') }),
        await clients.refusal(url(), { clientId: 'anonymous-1' }),
      ];

      for (const refusal of refusals) expect([4, 5]).toContain(refusal.code);
    });

    it("silently drops a car's publish on another car's topic while its own topics go through", async () => {
      const seen = await collect(await as('fleet-api', 'fleet-api-watch'), '#');
      const carA = await as('car-a');

      await carA.publishAsync(CarTopics.status('car-b'), 'forged status', { qos: 1 });
      await carA.publishAsync(CarTopics.vehicle('car-b'), 'forged vehicle', { qos: 1 });
      await carA.publishAsync(SymphonyTopics.response('car-car-a'), 'own answer', { qos: 1 });
      await carA.publishAsync(CarTopics.status('car-a'), 'own status', { qos: 1 });
      await arrival(seen, 'own status');

      expect(seen.map((m) => m.payload)).toEqual(['own answer', 'own status']);
    });

    it("delivers nothing to a car subscribed to another car's commands, and lets only the API command cars", async () => {
      const carA = await as('car-a');
      const deniedExact = await grantedQos(carA, CarTopics.command('car-b'));
      const deniedWildcard = await grantedQos(carA, 'fleet/cars/+/command');
      const seenByA = await collect(carA, CarTopics.command('car-a'));
      const carB = await as('car-b');
      const api = await as('fleet-api', 'fleet-api-commander');

      await carB.publishAsync(CarTopics.command('car-a'), 'from car-b', { qos: 1 });
      await api.publishAsync(CarTopics.command('car-b'), 'for car-b', { qos: 1 });
      await api.publishAsync(CarTopics.command('car-a'), 'for car-a', { qos: 1 });
      await arrival(seenByA, 'for car-a');

      // Mosquitto 2.0.11 grants such subscriptions and filters every delivery; newer ones answer 0x80.
      expect([0, 1, 128]).toContain(deniedExact);
      expect([0, 1, 128]).toContain(deniedWildcard);
      expect(seenByA.map((m) => m.payload)).toEqual(['for car-a']);
    });
  });

  describe('client certificates (use_identity_as_username)', () => {
    let broker: MosquittoProcess;
    const pki = join(dir, 'pki');
    const url = () => `mqtts://127.0.0.1:${broker.port}`;
    const ca = () => readFileSync(join(pki, 'ca.crt'));
    const certOf = (base: string) => ({
      ca: ca(),
      cert: readFileSync(join(pki, `${base}.crt`)),
      key: readFileSync(join(pki, `${base}.key`)),
    });

    beforeAll(async () => {
      execFileSync(process.execPath, [join(WORKSPACE, 'tools/pki/dev-ca.mjs'), '--out', pki, '--car', 'car-a', '--car', 'car-b'], { stdio: 'ignore' });
      broker = await MosquittoProcess.start('mosquitto-certs.conf', dir);
    });
    afterAll(() => broker?.stop());

    it('takes the certificate CN as the username: the ACL keeps car-a to its own topics', async () => {
      const seen = await collect(await clients.connect(url(), { ...certOf('fleet-api'), clientId: 'fleet-api-watch' }), 'fleet/cars/#');
      const carA = await clients.connect(url(), { ...certOf('cars/car-a'), clientId: carClientId('car-a') });

      await carA.publishAsync(CarTopics.status('car-b'), 'forged', { qos: 1 });
      await carA.publishAsync(CarTopics.status('car-a'), 'own', { qos: 1 });
      await arrival(seen, 'own');

      expect(seen.map((m) => m.payload)).toEqual(['own']);
    });

    it('refuses clients without a certificate and plain TCP', async () => {
      const noCert = await clients.refusal(url(), { ca: ca(), clientId: carClientId('car-a') });
      const plain = await clients.refusal(`mqtt://127.0.0.1:${broker.port}`, { clientId: carClientId('car-a') });

      expect(typeof noCert.code).not.toBe('number');
      expect(typeof plain.code).not.toBe('number');
    });
  });
});

/** The built API's embedded broker, with real agents that get their credentials from the supervisor. */
describe('MQTT security on the embedded broker', () => {
  let api: ApiProcess;
  const runId = Math.random().toString(16).slice(2, 8);
  const carA = `sec-${runId}-a`;
  const carB = `sec-${runId}-b`;
  const runFolder = (car: string) => join(api.dataDir, 'agents', car);

  async function startWithCars(label: string, env: Record<string, string>): Promise<void> {
    api = new ApiProcess({ extraEnv: env });
    await api.start(label);
    for (const name of [carA, carB]) {
      const created = await api.request('POST', '/api/cars', { region: 'munich', name });
      expect(created.status).toBe(201);
    }
    await Promise.all([carA, carB].map((id) => waitOnline(api, id)));
  }

  async function stopApi(): Promise<void> {
    await api?.stop('SIGTERM').catch(() => undefined);
    for (const leftover of api ? agentProcesses(api.dataDir) : []) process.kill(leftover.pid, 'SIGKILL');
  }

  describe('passwords (the default)', () => {
    beforeAll(() => startWithCars('mqtt-security-password', {}), 90_000);
    afterAll(stopApi, 60_000);

    const secretOf = (car: string) => readFileSync(join(runFolder(car), 'mqtt-password'), 'utf8');
    const asCar = (car: string) => clients.connect(api.brokerUrl, { username: car, password: secretOf(car), clientId: carClientId(car) });

    it('hands each agent its secret in a 0600 file, never on its command line', () => {
      const agent = agentProcesses(api.dataDir).find((p) => p.name === carA);
      const commandLine = readFileSync(`/proc/${agent?.pid}/cmdline`, 'utf8');

      expect(commandLine).toContain('--mqtt-password-file');
      expect(commandLine).not.toContain(secretOf(carA));
      expect(execFileSync('stat', ['-c', '%a', join(runFolder(carA), 'mqtt-password')]).toString().trim()).toBe('600');
    });

    it("refuses a car acting on another car's topics, and a wrong password", async () => {
      const seen = await collect(await clients.connect(api.brokerUrl, { ...api.mqttOptions(), clientId: 'fleet-api-e2e-watch' }), `fleet/cars/${carB}/#`);
      const impostor = await asCar(carA);
      const denied = await grantedQos(impostor, CarTopics.command(carB));
      void impostor.publishAsync(CarTopics.status(carB), JSON.stringify({ forged: true }), { qos: 1 }).catch(() => undefined);

      expect(denied).toBe(128);
      expect(await closedWithin(impostor, 3000)).toBe(true);
      expect(seen.filter((m) => m.payload.includes('forged'))).toEqual([]);
      const wrong = await clients.refusal(api.brokerUrl, { username: carA, password: secretOf(carB), clientId: carClientId(carA) });
      expect(wrong.code).toBe(4);
      const anonymous = await clients.refusal(api.brokerUrl, { clientId: 'anonymous-e2e' });
      expect(anonymous.code).toBe(5);
    });
  });

  describe('passwords over TLS', () => {
    beforeAll(() => startWithCars('mqtt-security-tls', { MQTT_TLS: 'on' }), 90_000);
    afterAll(stopApi, 60_000);

    it('brings the agents online over TLS, accepts TLS clients and refuses plain TCP', async () => {
      expect(api.brokerUrl).toMatch(/^mqtts:/);
      const client = await clients.connect(api.brokerUrl, { ...api.mqttOptions(), clientId: 'fleet-api-e2e-tls' });
      expect(client.connected).toBe(true);

      const plain = await clients.refusal(api.brokerUrl.replace('mqtts:', 'mqtt:'), { ...api.mqttOptions(), ca: undefined, clientId: 'fleet-api-e2e-plain' });
      expect(typeof plain.code).not.toBe('number');
    });
  });

  describe('mutual TLS', () => {
    beforeAll(() => startWithCars('mqtt-security-mtls', { MQTT_SECURITY: 'mtls' }), 90_000);
    afterAll(stopApi, 60_000);

    const certOf = (car: string) => ({
      ca: api.mqttOptions().ca,
      cert: readFileSync(join(runFolder(car), 'mqtt-client.crt')),
      key: readFileSync(join(runFolder(car), 'mqtt-client.key')),
    });

    it("brings the agents online with their own certificates and refuses car A's certificate acting as car B", async () => {
      const asB = await clients.refusal(api.brokerUrl, { ...certOf(carA), username: carB, clientId: carClientId(carB) });
      const idOfB = await clients.refusal(api.brokerUrl, { ...certOf(carA), clientId: carClientId(carB) });
      const carACert = await clients.connect(api.brokerUrl, { ...certOf(carA), clientId: carClientId(carA) });
      const denied = await grantedQos(carACert, CarTopics.command(carB));
      void carACert.publishAsync(CarTopics.vehicle(carB), 'forged', { qos: 1 }).catch(() => undefined);

      expect(asB.code).toBe(4);
      expect(idOfB.code).toBe(2);
      expect(denied).toBe(128);
      expect(await closedWithin(carACert, 3000)).toBe(true);
    });

    it('refuses a client without a certificate', async () => {
      const noCert = await clients.refusal(api.brokerUrl, { ca: api.mqttOptions().ca, clientId: 'no-cert-e2e' });

      expect(typeof noCert.code).not.toBe('number');
    });
  });
});
