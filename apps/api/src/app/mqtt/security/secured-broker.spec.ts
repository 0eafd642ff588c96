import { CarTopics } from '@fleet/shared/contracts';
import type { MqttClient } from 'mqtt';
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

const SECRETS = {
  'fleet-api': 'api-secret',
  'car-a': 'secret-a',
  'car-b': 'secret-b',
};
const SETTLE_MS = 300;

/** The embedded aedes broker in password mode, with real mqtt.js clients. */
describe('embedded broker with password authentication', () => {
  let broker: EmbeddedBroker;
  const store = new MqttCredentialStore();
  const warnings: string[] = [];
  const clients: MqttClient[] = [];

  const as = async (
    user: keyof typeof SECRETS,
    clientId = carClientId(user),
  ) => {
    const client = await connectOnce(broker.url, {
      username: user,
      password: SECRETS[user],
      clientId,
    });
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    for (const [user, secret] of Object.entries(SECRETS))
      store.set(user, secret);
    const denials = new DenialLog((line) => warnings.push(line));
    broker = await startEmbeddedBroker(0, {
      hooks: brokerHooks({ mode: 'password', store, denials }),
    });
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.endAsync(true)));
  });

  afterAll(() => broker.close());

  it('accepts the API and each car with their own secrets', async () => {
    const api = await as('fleet-api', 'fleet-api-any-id');
    const car = await as('car-a');

    expect(api.connected).toBe(true);
    expect(car.connected).toBe(true);
  });

  it.each([
    ['a wrong password', { username: 'car-a', password: 'secret-b' }, 4],
    ['no password', { username: 'car-a' }, 4],
    ['an unknown user', { username: 'car-z', password: 'secret-a' }, 4],
    ['an anonymous client', {}, 5],
    [
      'a reserved name',
      { username: 'fleet-api-pub', password: 'api-secret' },
      5,
    ],
  ])('refuses %s', async (_case, credentials, code) => {
    const error = await refusalOf(broker.url, {
      ...credentials,
      clientId: carClientId('car-a'),
    });

    expect(error.code).toBe(code);
  });

  it("refuses a car client id that does not start with the car's id", async () => {
    const error = await refusalOf(broker.url, {
      username: 'car-a',
      password: 'secret-a',
      clientId: carClientId('car-b'),
    });

    expect(error.code).toBe(2);
  });

  it("refuses a last will on another car's status", async () => {
    const will = {
      topic: CarTopics.status('car-b'),
      payload: Buffer.from('{}'),
      qos: 1 as const,
      retain: true,
    };

    expect(
      (
        await refusalOf(broker.url, {
          username: 'car-a',
          password: 'secret-a',
          clientId: carClientId('car-a'),
          will,
        })
      ).code,
    ).toBe(5);
    const own = await as('car-a');
    expect(own.connected).toBe(true);
  });

  it("refuses a car publishing another car's state: its connection ends and nobody receives it", async () => {
    const api = await as('fleet-api', 'fleet-api-watch');
    const seen = await collect(api, 'fleet/cars/#');
    const carA = await as('car-a');

    await carA.publishAsync(CarTopics.status('car-a'), 'own', { qos: 1 });
    void carA
      .publishAsync(CarTopics.status('car-b'), 'forged', { qos: 1 })
      .catch(() => undefined);

    expect(await closedWithin(carA, 2000)).toBe(true);
    await pause(SETTLE_MS);
    expect(seen).toEqual([
      { topic: CarTopics.status('car-a'), payload: 'own' },
    ]);
  });

  it("refuses a car subscribing to another car's commands (SUBACK 0x80) and lets only the API command cars", async () => {
    const carA = await as('car-a');
    const granted = await grantedQos(carA, CarTopics.command('car-b'));
    const wildcard = await grantedQos(carA, 'fleet/cars/+/command');
    const own = await collect(carA, CarTopics.command('car-a'));
    const carB = await as('car-b');
    const api = await as('fleet-api', 'fleet-api-commander');

    void carB
      .publishAsync(CarTopics.command('car-a'), 'from b', { qos: 1 })
      .catch(() => undefined);
    expect(await closedWithin(carB, 2000)).toBe(true);
    await api.publishAsync(CarTopics.command('car-b'), 'for b', { qos: 1 });
    await api.publishAsync(CarTopics.command('car-a'), 'for a', { qos: 1 });
    await pause(SETTLE_MS);

    expect(granted).toBe(128);
    expect(wildcard).toBe(128);
    expect(own).toEqual([
      { topic: CarTopics.command('car-a'), payload: 'for a' },
    ]);
    expect(warnings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^refused subscribe for car car-a .*fleet\/cars\/car-b\/command$/,
        ),
      ]),
    );
  });

  it('stops accepting a secret once it is removed', async () => {
    store.remove('car-b');

    expect(
      (
        await refusalOf(broker.url, {
          username: 'car-b',
          password: 'secret-b',
          clientId: carClientId('car-b'),
        })
      ).code,
    ).toBe(4);
  });
});
