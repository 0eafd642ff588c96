import { identityOf, isReservedCarId, MqttIdentity } from './mqtt-identity';
import {
  mayLeaveWill,
  mayPublish,
  maySubscribe,
  mayUseClientId,
} from './topic-policy';

const car = (carId: string): MqttIdentity => ({ kind: 'car', carId });
const api: MqttIdentity = { kind: 'api' };
const A = car('car-a');

describe('MQTT topic policy', () => {
  it.each([
    ['fleet/cars/car-a/status', true],
    ['fleet/cars/car-a/hello', true],
    ['fleet/cars/car-a/load', true],
    ['fleet/cars/car-a/vehicle', true],
    ['fleet/cars/car-a/workload-states', true],
    ['fleet/cars/car-a/logs', true],
    ['fleet/cars/car-a/command/resp', true],
    ['vehicle/car-a/manifest/apply/resp', true],
    ['vehicle/car-a/manifest/delete/resp', true],
    ['vehicle/car-a/state/resp', true],
    ['symphony/car-car-a/response', true],
    ['fleet/cars/car-b/status', false],
    ['fleet/cars/car-b/vehicle', false],
    ['fleet/cars/car-a/command', false],
    ['fleet/cars/car-b/command', false],
    ['vehicle/car-a/manifest/apply/req', false],
    ['vehicle/car-b/state/resp', false],
    ['symphony/car-car-a/request', false],
    ['symphony/car-car-b/response', false],
    ['fleet/simulation/faults', false],
    ['fleet/cars/car-a/status/extra', false],
    ['fleet/cars/car-a', false],
    ['$SYS/broker/uptime', false],
  ])('car-a may publish %s: %s', (topic, allowed) => {
    expect(mayPublish(A, topic)).toBe(allowed);
  });

  it.each([
    ['fleet/cars/car-a/command', true],
    ['fleet/cars/car-a/status', true],
    ['vehicle/car-a/manifest/apply/req', true],
    ['vehicle/car-a/manifest/delete/req', true],
    ['vehicle/car-a/state/req', true],
    ['symphony/car-car-a/request', true],
    ['fleet/simulation/faults', true],
    ['fleet/cars/car-b/command', false],
    ['fleet/cars/car-b/status', false],
    ['fleet/cars/+/command', false],
    ['fleet/cars/#', false],
    ['#', false],
    ['fleet/cars/car-a/#', false],
    ['fleet/cars/car-a/vehicle', false],
    ['vehicle/car-b/manifest/apply/req', false],
    ['symphony/car-car-b/request', false],
    ['symphony/+/request', false],
    ['$SYS/#', false],
  ])('car-a may subscribe to %s: %s', (filter, allowed) => {
    expect(maySubscribe(A, filter)).toBe(allowed);
  });

  it('lets the API publish and subscribe anywhere but $SYS publishes', () => {
    for (const topic of [
      'fleet/cars/car-a/command',
      'vehicle/x/manifest/apply/req',
      'symphony/car-x/request',
      'fleet/simulation/faults',
    ])
      expect(mayPublish(api, topic)).toBe(true);
    for (const filter of ['#', 'fleet/cars/+/status', '$SYS/#'])
      expect(maySubscribe(api, filter)).toBe(true);
    expect(mayPublish(api, '$SYS/x')).toBe(false);
  });

  it.each([
    ['fleet/cars/car-a/status', true],
    ['fleet/cars/car-b/status', false],
    ['fleet/cars/car-a/hello', false],
  ])('car-a may leave a last will on %s: %s', (topic, allowed) => {
    expect(mayLeaveWill(A, topic)).toBe(allowed);
  });

  it.each([
    ['car-a-0123abcd', true],
    ['car-a-0123456789abcdef', true],
    ['car-a', false],
    ['car-a-', false],
    ['car-a-xyz12345', false],
    ['car-a-0123ABCD', false],
    ['car-a-b-0123abcd', false],
    ['car-b-0123abcd', false],
    ['fleet-api-pub-0123abcd', false],
  ])('car-a may use the client id %s: %s', (clientId, allowed) => {
    expect(mayUseClientId(A, clientId)).toBe(allowed);
  });

  it('keeps the client ids of cars whose names share a prefix apart', () => {
    expect(mayUseClientId(car('a'), 'a-b-0123abcd')).toBe(false);
    expect(mayUseClientId(car('a-b'), 'a-b-0123abcd')).toBe(true);
  });

  it.each([
    ['fleet-api', { kind: 'api' }],
    ['car-a', { kind: 'car', carId: 'car-a' }],
    ['fleet-api-pub', null],
    ['ank-server', null],
    ['bad name', null],
    ['', null],
    [undefined, null],
  ])('reads the username %j as %j', (username, identity) => {
    expect(identityOf(username)).toEqual(identity);
  });

  it('reserves the names of the API and the server', () => {
    expect(isReservedCarId('fleet-api')).toBe(true);
    expect(isReservedCarId('fleet-api-sub')).toBe(true);
    expect(isReservedCarId('ank-server')).toBe(true);
    expect(isReservedCarId('munich-1')).toBe(false);
  });
});
