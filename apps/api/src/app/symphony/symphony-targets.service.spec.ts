import { FakeClock } from '../../testing/fake-clock';
import { brokerEndpoint } from '../../testing/factories';
import { InMemorySymphonyObjectsRepository } from '../../testing/in-memory-repositories';
import { SymphonyTargetsService } from './symphony-targets.service';

const car = { id: 'munich-3f9a1c', region: 'munich', model: 'atlas-sedan' };

function setup() {
  const objects = new InMemorySymphonyObjectsRepository();
  const service = new SymphonyTargetsService(
    objects,
    new FakeClock(),
    brokerEndpoint('mqtt://127.0.0.1:1884'),
  );
  return { objects, service };
}

describe(SymphonyTargetsService.name, () => {
  it('stores the car’s Target in Symphony’s shape, bound to the car’s own MQTT topics', async () => {
    const { service, objects } = setup();

    await service.register(car);

    expect(await service.find(car.id)).toEqual({
      metadata: {
        name: 'car-munich-3f9a1c',
        namespace: 'default',
        labels: { region: 'munich', model: 'atlas-sedan' },
        objGeneraion: 1,
        etag: '1',
      },
      spec: {
        displayName: 'munich-3f9a1c',
        properties: { region: 'munich', model: 'atlas-sedan' },
        topologies: [
          {
            bindings: [
              {
                role: 'ankaios-workload',
                provider: 'providers.target.mqtt',
                config: {
                  name: 'proxy',
                  brokerAddress: 'tcp://127.0.0.1:1884',
                  clientID: 'symphony-car-munich-3f9a1c',
                  requestTopic: 'symphony/car-munich-3f9a1c/request',
                  responseTopic: 'symphony/car-munich-3f9a1c/response',
                  timeoutSeconds: '180',
                },
              },
            ],
          },
        ],
      },
    });
    expect([...objects.rows.values()][0]).toMatchObject({
      kind: 'Target',
      namespace: 'default',
      generation: 1,
    });
  });

  it('is idempotent: registering the same car again keeps the generation', async () => {
    const { service, objects } = setup();

    await service.register(car);
    await service.register(car);

    expect(objects.rows.size).toBe(1);
    expect([...objects.rows.values()][0].generation).toBe(1);
  });

  it('bumps the generation when the car’s properties change', async () => {
    const { service } = setup();

    await service.register(car);
    await service.register({ ...car, model: 'cirrus-van' });

    expect((await service.find(car.id))?.metadata).toMatchObject({
      objGeneraion: 2,
      etag: '2',
    });
  });

  it('removes the Target with the car’s Instance and summary, and removing it twice is harmless', async () => {
    const { service, objects } = setup();
    await service.register(car);
    for (const kind of ['Instance', 'Summary'])
      await objects.save({
        kind,
        namespace: 'default',
        name: `fleet-car-${car.id}`,
        body: {},
        generation: 1,
        createdAt: '',
        updatedAt: '',
      });

    await service.remove(car.id);
    await service.remove(car.id);

    expect(objects.rows.size).toBe(0);
  });
});
