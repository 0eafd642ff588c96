import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CarTopics } from '@fleet/shared/contracts';
import type { IClientOptions, MqttClient } from 'mqtt';
import { DevPki } from '../../pki/dev-pki';
import { EmbeddedBroker, startEmbeddedBroker } from '../embedded-broker';
import { brokerHooks } from './broker-hooks';
import {
  carClientId,
  closedWithin,
  collect,
  connectOnce,
  grantedQos,
  pause,
  refusalOf,
} from './broker-test-kit';
import { MqttCredentialStore } from './credential-store';
import { DenialLog } from './denial-log';

// Every certificate is an openssl process: slow on a busy machine.
jest.setTimeout(30_000);

/** The embedded broker with a TLS listener from a real development PKI (openssl), in both TLS modes. */
describe('embedded broker with TLS', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fleet-broker-tls-'));
  const pki = new DevPki(join(dir, 'pki'));
  const otherPki = new DevPki(join(dir, 'other'));
  const clients: MqttClient[] = [];
  let ca: Buffer;

  const certOf = (owner: DevPki, name: string): IClientOptions => {
    const files = owner.clientCert(name, owner.filesFor(name));
    return {
      ca,
      cert: readFileSync(files.certFile),
      key: readFileSync(files.keyFile),
    };
  };
  const track = (client: MqttClient) => (clients.push(client), client);

  async function start(mode: 'password' | 'mtls'): Promise<EmbeddedBroker> {
    const store = new MqttCredentialStore();
    store.set('car-a', 'secret-a');
    return startEmbeddedBroker(0, {
      hooks: brokerHooks({
        mode,
        store,
        denials: new DenialLog(() => undefined),
      }),
      tls: {
        key: readFileSync(pki.server.keyFile),
        cert: readFileSync(pki.server.certFile),
        ca,
        requestCert: mode === 'mtls',
      },
    });
  }

  beforeAll(() => {
    pki.ensure(['fleet-api']);
    ca = readFileSync(pki.caFile);
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.endAsync(true)));
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  describe('password over TLS', () => {
    let broker: EmbeddedBroker;
    const plainUrl = () => broker.url.replace('mqtts:', 'mqtt:');
    const carA = {
      username: 'car-a',
      password: 'secret-a',
      clientId: carClientId('car-a'),
    };

    beforeAll(async () => (broker = await start('password')));
    afterAll(() => broker.close());

    it('accepts a TLS client that trusts the development CA', async () => {
      expect(broker.url).toMatch(/^mqtts:\/\/127\.0\.0\.1:\d+$/);
      expect(
        track(await connectOnce(broker.url, { ...carA, ca })).connected,
      ).toBe(true);
    });

    it('refuses a plain TCP client and a client that does not trust the CA', async () => {
      const plain = await refusalOf(plainUrl(), carA);
      expect(typeof plain.code).not.toBe('number');
      const untrusted = await refusalOf(broker.url, carA);
      expect(untrusted.message).toMatch(
        /self[- ]signed|unable to (get|verify)/i,
      );
    });
  });

  describe('mutual TLS', () => {
    let broker: EmbeddedBroker;

    beforeAll(async () => (broker = await start('mtls')));
    afterAll(() => broker.close());

    it('takes the identity from the certificate: the API and each car', async () => {
      const api = track(
        await connectOnce(broker.url, {
          ...certOf(pki, 'fleet-api'),
          clientId: 'fleet-api-tls',
        }),
      );
      const car = track(
        await connectOnce(broker.url, {
          ...certOf(pki, 'car-a'),
          clientId: carClientId('car-a'),
        }),
      );

      expect(api.connected).toBe(true);
      expect(car.connected).toBe(true);
    });

    it('refuses a client without a certificate, with one from another CA, and over plain TCP', async () => {
      const clientId = carClientId('car-a');

      const refusals = [
        await refusalOf(broker.url, { ca, clientId }),
        await refusalOf(broker.url, {
          ...certOf(otherPki, 'car-a'),
          ca,
          clientId,
        }),
        await refusalOf(broker.url.replace('mqtts:', 'mqtt:'), { clientId }),
      ];

      // None got as far as a CONNACK: the TLS layer ended each one.
      for (const refusal of refusals)
        expect(typeof refusal.code).not.toBe('number');
    });

    it("does not let car A's certificate act as car B", async () => {
      const asB = await refusalOf(broker.url, {
        ...certOf(pki, 'car-a'),
        username: 'car-b',
        clientId: carClientId('car-b'),
      });
      expect(asB.code).toBe(4);
      const wrongId = await refusalOf(broker.url, {
        ...certOf(pki, 'car-a'),
        clientId: carClientId('car-b'),
      });
      expect(wrongId.code).toBe(2);

      const api = track(
        await connectOnce(broker.url, {
          ...certOf(pki, 'fleet-api'),
          clientId: 'fleet-api-watch',
        }),
      );
      const seen = await collect(api, 'fleet/cars/#');
      const carA = track(
        await connectOnce(broker.url, {
          ...certOf(pki, 'car-a'),
          clientId: carClientId('car-a'),
        }),
      );
      const granted = await grantedQos(carA, CarTopics.command('car-b'));
      void carA
        .publishAsync(CarTopics.vehicle('car-b'), 'forged', { qos: 1 })
        .catch(() => undefined);

      expect(granted).toBe(128);
      expect(await closedWithin(carA, 2000)).toBe(true);
      await pause(300);
      expect(seen).toEqual([]);
    });
  });
});
