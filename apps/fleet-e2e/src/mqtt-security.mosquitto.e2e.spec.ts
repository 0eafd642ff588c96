import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CarTopics, SymphonyTopics } from '@fleet/shared/contracts';
import { WORKSPACE } from '@fleet/e2e/support';
import {
  DEPLOY_DIR,
  MosquittoProcess,
} from './mqtt-security/mosquitto-process';
import {
  arrival,
  carClientId,
  collect,
  grantedQos,
  MqttClients,
} from './mqtt-security/mqtt-clients';

const clients = new MqttClients();
afterEach(() => clients.endAll());

/** Mosquitto with tools/mosquitto's configuration: the broker a production fleet would run. */
describe('MQTT security on Mosquitto', () => {
  let dir = '';
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'fleet-mosquitto-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  describe('passwords and the fleet ACL', () => {
    let broker: MosquittoProcess;
    const url = () => `mqtt://127.0.0.1:${broker.port}`;
    const secret = (user: string) =>
      readFileSync(join(dir, 'secrets', user), 'utf8');
    const as = (user: string, clientId = carClientId(user)) =>
      clients.connect(url(), {
        username: user,
        password: secret(user),
        clientId,
      });

    beforeAll(async () => {
      execFileSync(
        'bash',
        [join(DEPLOY_DIR, 'make-passwords.sh'), dir, 'car-a', 'car-b'],
        { stdio: 'ignore' },
      );
      broker = await MosquittoProcess.start('mosquitto-password.conf', dir);
    });
    afterAll(() => broker?.stop());

    it('refuses a wrong password, an unknown user and anonymous clients', async () => {
      const refusals = [
        await clients.refusal(url(), {
          username: 'car-a',
          password: secret('car-b'),
          clientId: carClientId('car-a'),
        }),
        await clients.refusal(url(), {
          username: 'car-z',
          password: secret('car-a'),
          clientId: carClientId('car-z'),
        }),
        await clients.refusal(url(), { clientId: 'anonymous-1' }),
      ];

      for (const refusal of refusals) expect([4, 5]).toContain(refusal.code);
    });

    it("silently drops a car's publish on another car's topic while its own topics go through", async () => {
      const seen = await collect(await as('fleet-api', 'fleet-api-watch'), '#');
      const carA = await as('car-a');

      await carA.publishAsync(CarTopics.status('car-b'), 'forged status', {
        qos: 1,
      });
      await carA.publishAsync(CarTopics.vehicle('car-b'), 'forged vehicle', {
        qos: 1,
      });
      await carA.publishAsync(
        SymphonyTopics.response('car-car-a'),
        'own answer',
        { qos: 1 },
      );
      await carA.publishAsync(CarTopics.status('car-a'), 'own status', {
        qos: 1,
      });
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

      await carB.publishAsync(CarTopics.command('car-a'), 'from car-b', {
        qos: 1,
      });
      await api.publishAsync(CarTopics.command('car-b'), 'for car-b', {
        qos: 1,
      });
      await api.publishAsync(CarTopics.command('car-a'), 'for car-a', {
        qos: 1,
      });
      await arrival(seenByA, 'for car-a');

      // Mosquitto 2.0.11 grants such subscriptions and filters every delivery; newer ones answer 0x80.
      expect([0, 1, 128]).toContain(deniedExact);
      expect([0, 1, 128]).toContain(deniedWildcard);
      expect(seenByA.map((m) => m.payload)).toEqual(['for car-a']);
    });
  });

  describe('client certificates (use_identity_as_username)', () => {
    let broker: MosquittoProcess;
    const pki = () => join(dir, 'pki');
    const url = () => `mqtts://127.0.0.1:${broker.port}`;
    const ca = () => readFileSync(join(pki(), 'ca.crt'));
    const certOf = (base: string) => ({
      ca: ca(),
      cert: readFileSync(join(pki(), `${base}.crt`)),
      key: readFileSync(join(pki(), `${base}.key`)),
    });

    beforeAll(async () => {
      execFileSync(
        process.execPath,
        [
          '-r',
          'ts-node/register/transpile-only',
          join(WORKSPACE, 'tools/pki/dev-ca.ts'),
          '--out',
          pki(),
          '--car',
          'car-a',
          '--car',
          'car-b',
        ],
        {
          cwd: WORKSPACE,
          env: {
            ...process.env,
            TS_NODE_PROJECT: join(WORKSPACE, 'tools/pki/tsconfig.json'),
          },
          stdio: 'ignore',
        },
      );
      broker = await MosquittoProcess.start('mosquitto-certs.conf', dir);
    });
    afterAll(() => broker?.stop());

    it('takes the certificate CN as the username: the ACL keeps car-a to its own topics', async () => {
      const seen = await collect(
        await clients.connect(url(), {
          ...certOf('fleet-api'),
          clientId: 'fleet-api-watch',
        }),
        'fleet/cars/#',
      );
      const carA = await clients.connect(url(), {
        ...certOf('cars/car-a'),
        clientId: carClientId('car-a'),
      });

      await carA.publishAsync(CarTopics.status('car-b'), 'forged', { qos: 1 });
      await carA.publishAsync(CarTopics.status('car-a'), 'own', { qos: 1 });
      await arrival(seen, 'own');

      expect(seen.map((m) => m.payload)).toEqual(['own']);
    });

    it('refuses clients without a certificate and plain TCP', async () => {
      const noCert = await clients.refusal(url(), {
        ca: ca(),
        clientId: carClientId('car-a'),
      });
      const plain = await clients.refusal(`mqtt://127.0.0.1:${broker.port}`, {
        clientId: carClientId('car-a'),
      });

      expect(typeof noCert.code).not.toBe('number');
      expect(typeof plain.code).not.toBe('number');
    });
  });
});
