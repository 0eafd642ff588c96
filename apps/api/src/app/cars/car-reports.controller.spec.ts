import { Logger } from '@nestjs/common';
import { MqttContext } from '@nestjs/microservices';
import { CarTopics } from '@fleet/shared/contracts';
import type { CarView } from '@fleet/shared/contracts';
import { carsHarness, settle } from '../../testing/cars-harness';
import {
  helloMessage,
  statusMessage,
  vehicleTelemetry,
  workloadReport,
} from '../../testing/factories';
import { CarReportsController } from './car-reports.controller';
import { CarReportsService } from './car-reports.service';

const ID = 'munich-000001';
const ctx = (topic: string) => new MqttContext([topic, {} as never]);
const JUNK: unknown[] = [
  'not json',
  { state: 5 },
  [],
  null,
  42,
  { online: 'yes' },
  { workloadStates: 7 },
];

async function setup() {
  const h = carsHarness();
  await h.cars.create({ region: 'munich', name: ID });
  const controller = new CarReportsController(
    new CarReportsService(h.registry, h.commands, h.cars, h.statusRefresh),
  );
  const warn = jest
    .spyOn(Logger.prototype, 'warn')
    .mockImplementation(() => undefined);
  return {
    ...h,
    controller,
    warn,
    car: (): CarView => h.registry.get(ID) as CarView,
  };
}

describe(CarReportsController.name, () => {
  beforeEach(() =>
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined),
  );
  afterEach(() => jest.restoreAllMocks());

  it('applies status, hello, load, vehicle and workload-states reports to the car', async () => {
    const { controller, car } = await setup();

    await controller.onStatus(statusMessage(ID), ctx(CarTopics.status(ID)));
    await controller.onHello(
      helloMessage(ID, { pid: 321 }),
      ctx(CarTopics.hello(ID)),
    );
    await controller.onLoad(
      { cpuUsage: 3, freeMemory: 2048 },
      ctx(CarTopics.load(ID)),
    );
    await controller.onVehicle(
      vehicleTelemetry({ speedKmh: 30 }),
      ctx(CarTopics.vehicle(ID)),
    );
    await controller.onWorkloadStates(
      workloadReport(ID, { version: '2.0.0' }),
      ctx(CarTopics.workloadStates(ID)),
    );

    expect(car()).toMatchObject({
      connection: 'online',
      pid: 321,
      load: { cpuUsage: 3, freeMemory: 2048 },
      vehicleState: 'driving',
      speedKmh: 30,
      version: '2.0.0',
      display: 'ok',
    });
  });

  it('persists a changed version', async () => {
    const { controller, carsRepository } = await setup();

    await controller.onWorkloadStates(
      workloadReport(ID, { version: '2.0.0' }),
      ctx(CarTopics.workloadStates(ID)),
    );
    await settle();

    expect(carsRepository.rows.get(ID)?.lastKnownVersion).toBe('2.0.0');
  });

  it('drops malformed payloads of every kind without throwing or changing the car', async () => {
    const { controller, car, warn } = await setup();
    const before = car();
    const handlers = [
      [controller.onStatus, CarTopics.status(ID)],
      [controller.onHello, CarTopics.hello(ID)],
      [controller.onLoad, CarTopics.load(ID)],
      [controller.onVehicle, CarTopics.vehicle(ID)],
      [controller.onWorkloadStates, CarTopics.workloadStates(ID)],
      [controller.onCommandResponse, CarTopics.commandResponse(ID)],
    ] as const;

    for (const [handler, topic] of handlers) {
      for (const payload of JUNK)
        await expect(
          handler.call(controller, payload, ctx(topic)),
        ).resolves.toBeUndefined();
    }

    expect(car()).toBe(before);
    expect(warn).toHaveBeenCalledTimes(handlers.length * JUNK.length);
  });

  it('drops a status or hello that names another car than its topic', async () => {
    const { controller, car } = await setup();

    await controller.onStatus(
      statusMessage('intruder'),
      ctx(CarTopics.status(ID)),
    );
    await controller.onHello(
      helloMessage('intruder', { pid: 1 }),
      ctx(CarTopics.hello(ID)),
    );

    expect(car()).toMatchObject({ connection: 'starting', pid: 4000 });
  });

  it('ignores the empty payload that clears a retained status', async () => {
    const { controller, warn, car } = await setup();

    await controller.onStatus('', ctx(CarTopics.status(ID)));

    expect(warn).not.toHaveBeenCalled();
    expect(car().connection).toBe('starting');
  });

  it('hands command results to the waiting command', async () => {
    const { controller, commands, publisher } = await setup();
    const answer = commands.send(ID, { type: 'shutdown' });
    await settle();
    const { requestId } = publisher.published[0].payload as {
      requestId: string;
    };

    await controller.onCommandResponse(
      { requestId, ok: true },
      ctx(CarTopics.commandResponse(ID)),
    );

    await expect(answer).resolves.toEqual({ requestId, ok: true });
  });
});
