import { Logger } from '@nestjs/common';
import { CarTopics } from '@fleet/shared/contracts';
import { connectAsync } from 'mqtt';
import type { MqttClient } from 'mqtt';
import { Clock } from '../common/clock';
import { FleetMetrics } from '../metrics/fleet-metrics';
import { startEmbeddedBroker } from '../mqtt/embedded-broker';
import type { EmbeddedBroker } from '../mqtt/embedded-broker';
import { MqttPublisher } from '../mqtt/mqtt-publisher';
import { statusMessage } from '../../testing/factories';
import { CarRegistry } from './car-registry';
import { CarStatusRefresh } from './car-status-refresh';

/** The refresh through a real broker and real clients: the retained status comes back, nothing else does. */
describe('CarStatusRefresh with a real broker', () => {
  let broker: EmbeddedBroker;
  let car: MqttClient;
  let api: MqttClient;

  beforeEach(async () => {
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    broker = await startEmbeddedBroker(0);
    car = await connectAsync(broker.url, { clientId: 'car-1' });
    api = await connectAsync(broker.url, { clientId: 'api-1' });
  });

  afterEach(async () => {
    jest.restoreAllMocks();
    await car.endAsync();
    await api.endAsync();
    await broker.close();
  });

  function refreshOf(registry: CarRegistry) {
    const metrics = new FleetMetrics();
    const refresh = new CarStatusRefresh(
      new MqttPublisher(api),
      registry,
      new Clock(),
      metrics,
    );
    refresh.delayMs = 0;
    return { refresh, metrics };
  }

  it('reads a car’s retained online status back and brings the car online; the live copy is not taken', async () => {
    const registry = new CarRegistry(new Clock());
    for (const id of ['munich-000001', 'munich-000002'])
      registry.add({
        id,
        region: 'munich',
        model: 'sedan',
        vehicleState: 'parked',
        version: null,
        createdAt: '2026-01-01T00:00:00.000Z',
      });
    await car.publishAsync(
      CarTopics.status('munich-000001'),
      JSON.stringify(statusMessage('munich-000001')),
      { qos: 1, retain: true },
    );
    const { refresh, metrics } = refreshOf(registry);

    refresh.messageFrom('munich-000001');
    refresh.messageFrom('munich-000002');
    await refresh.idle();

    expect(registry.get('munich-000001')?.connection).toBe('online');
    // Nothing retained for the second car: it stays as it was.
    expect(registry.get('munich-000002')?.connection).not.toBe('online');
    expect(refresh.applied).toBe(1);
    expect(metrics.carStatusReads.family().samples).toEqual([
      { labels: { found: 'recovered' }, value: 1 },
    ]);

    // Unsubscribed afterwards: a later status reaches only the API's transport, not this client.
    const later: string[] = [];
    api.on('message', (topic) => later.push(topic));
    await car.publishAsync(
      CarTopics.status('munich-000002'),
      JSON.stringify(statusMessage('munich-000002')),
      { qos: 1, retain: true },
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(later).toEqual([]);
  });
});
