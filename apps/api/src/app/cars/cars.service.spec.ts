import {
  ConflictException,
  GatewayTimeoutException,
  Logger,
  NotFoundException,
} from '@nestjs/common';
import { CarTopics, DEFAULT_PAGE_SIZE } from '@fleet/shared/contracts';
import type { CarCommand, CarView } from '@fleet/shared/contracts';
import { carsHarness, settle } from '../../testing/cars-harness';
import { statusMessage } from '../../testing/factories';
import { queryCars } from './car-query';
import { COMMAND_TIMEOUT_MS } from './car-commands.service';
import * as identity from './car-identity';
import { CAR_MODELS } from './car-identity';
import { CarsService, CREATE_CONCURRENCY } from './cars.service';

function setup() {
  const h = carsHarness({ dataDir: '/data' });
  const online = (id: string) => h.registry.applyStatus(id, statusMessage(id));
  const lastCommand = () => h.publisher.published.at(-1)?.payload as CarCommand;
  return { ...h, online, lastCommand };
}

describe(CarsService.name, () => {
  beforeEach(() => {
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });

  afterEach(() => jest.restoreAllMocks());

  describe('create', () => {
    it('persists the car, registers its target, spawns its agent and answers it starting', async () => {
      const { cars, carsRepository, spawner, targets } = setup();

      const car = await cars.create({
        region: 'munich',
        name: 'car-1',
        model: 'cirrus-van',
      });

      expect(car).toMatchObject({
        id: 'car-1',
        region: 'munich',
        model: 'cirrus-van',
        connection: 'starting',
        vehicleState: 'parked',
        pid: 4000,
      });
      expect(carsRepository.rows.get('car-1')).toMatchObject({
        region: 'munich',
        desiredVehicleState: 'parked',
        lastKnownVersion: null,
      });
      expect(await targets.find('car-1')).toMatchObject({
        metadata: { name: 'car-car-1' },
        spec: { properties: { region: 'munich', model: 'cirrus-van' } },
      });
      expect(spawner.spawned[0].command.args).toEqual(
        expect.arrayContaining([
          '--name',
          'car-1',
          '--tag',
          'region=munich',
          '--tag',
          'model=cirrus-van',
          '--vehicle-state',
          'parked',
        ]),
      );
    });

    it('generates an id from the region when no name is given', async () => {
      const { cars } = setup();

      const car = await cars.create({ region: 'berlin' });

      expect(car.id).toMatch(/^berlin-[0-9a-f]{6}$/);
      expect(car.model).toBe('atlas-sedan');
    });

    it('answers 409 for a name that exists, and spawns nothing more', async () => {
      const { cars, spawner } = setup();
      await cars.create({ region: 'munich', name: 'car-1' });

      await expect(
        cars.create({ region: 'berlin', name: 'car-1' }),
      ).rejects.toThrow(ConflictException);
      expect(spawner.spawned).toHaveLength(1);
    });

    it('answers 409 for a name only the database knows', async () => {
      const { cars, carsRepository } = setup();
      await carsRepository.insert({
        id: 'ghost',
        region: 'munich',
        model: 'm',
        desiredVehicleState: 'parked',
        lastKnownVersion: null,
        createdAt: 'x',
        updatedAt: 'x',
      });

      await expect(
        cars.create({ region: 'munich', name: 'ghost' }),
      ).rejects.toThrow(ConflictException);
    });

    it('answers 409 to the second of two simultaneous creates of one name', async () => {
      const { cars } = setup();

      const results = await Promise.allSettled([
        cars.create({ region: 'munich', name: 'twin' }),
        cars.create({ region: 'munich', name: 'twin' }),
      ]);

      expect(results.map((r) => r.status).sort()).toEqual([
        'fulfilled',
        'rejected',
      ]);
    });

    it('creates a batch in one region, cycling the models', async () => {
      const { cars, registry } = setup();

      const created = await cars.createMany({ region: 'berlin', count: 3 });

      expect(created.map((c) => c.model)).toEqual([
        'atlas-sedan',
        'borealis-suv',
        'cirrus-van',
      ]);
      expect(new Set(created.map((c) => c.id)).size).toBe(3);
      expect(registry.size).toBe(3);
    });

    it(`creates a batch ${CREATE_CONCURRENCY} cars at a time, answered in order`, async () => {
      const { cars, carsRepository, registry } = setup();
      let open = 0;
      let most = 0;
      const insert = carsRepository.insert.bind(carsRepository);
      jest.spyOn(carsRepository, 'insert').mockImplementation(async (car) => {
        most = Math.max(most, ++open);
        await settle();
        open--;
        return insert(car);
      });

      const created = await cars.createMany({ region: 'berlin', count: 40 });

      expect(most).toBe(CREATE_CONCURRENCY);
      expect(created).toHaveLength(40);
      expect(created.map((c) => c.model)).toEqual(
        Array.from({ length: 40 }, (_, i) => CAR_MODELS[i % CAR_MODELS.length]),
      );
      expect(new Set(created.map((c) => c.id))).toEqual(
        new Set(carsRepository.rows.keys()),
      );
      expect(registry.size).toBe(40);
    });

    it('gives cars created at once different ids even when the same random id comes up twice', async () => {
      const { cars } = setup();
      const ids = ['berlin-aaaaaa', 'berlin-aaaaaa', 'berlin-bbbbbb'];
      jest
        .spyOn(identity, 'generateCarId')
        .mockImplementation(() => ids.shift() ?? 'berlin-cccccc');

      const created = await cars.createMany({ region: 'berlin', count: 2 });

      expect(created.map((c) => c.id).sort()).toEqual([
        'berlin-aaaaaa',
        'berlin-bbbbbb',
      ]);
    });

    it('stops a batch at its first failure: the cars created stay, no new one starts, the failure is the answer', async () => {
      const { cars, carsRepository, targets } = setup();
      let registered = 0;
      const register = targets.register.bind(targets);
      jest.spyOn(targets, 'register').mockImplementation(async (car) => {
        if (++registered === 20) throw new Error('database gone');
        return register(car);
      });

      await expect(
        cars.createMany({ region: 'munich', count: 100 }),
      ).rejects.toThrow('database gone');

      // The failing car is removed again; those already started finish (at most CREATE_CONCURRENCY - 1 more).
      expect(carsRepository.rows.size).toBeGreaterThanOrEqual(19);
      expect(carsRepository.rows.size).toBeLessThan(19 + CREATE_CONCURRENCY);
      expect(registered).toBeLessThan(20 + CREATE_CONCURRENCY);
    });
  });

  describe('list and get', () => {
    it('pages and filters the live registry', async () => {
      const { cars } = setup();
      await cars.createMany({ region: 'munich', count: 3 });
      await cars.create({ region: 'berlin', name: 'b-1' });

      expect(
        cars.list({ region: 'munich', page: 1, pageSize: 2 }),
      ).toMatchObject({ total: 3, page: 1, pageSize: 2 });
      expect(cars.list({ search: 'b-1' }).items.map((c) => c.id)).toEqual([
        'b-1',
      ]);
    });

    it('lists as JSON text equal to the page, with the latest state of each car', async () => {
      const { cars, registry } = setup();
      await cars.createMany({ region: 'munich', count: 3 });
      await cars.create({ region: 'berlin', name: 'b-1' });
      const query = { region: 'munich', page: 1, pageSize: 2 };
      expect(JSON.parse(cars.listJson(query))).toEqual(cars.list(query));
      const [first] = cars.list(query).items;
      registry.setVehicleState(first.id, 'driving');
      const after = JSON.parse(cars.listJson(query)) as { items: CarView[] };
      expect(after.items[0]).toMatchObject({
        id: first.id,
        vehicleState: 'driving',
      });
      expect(JSON.parse(cars.listJson({ region: 'hamburg' }))).toEqual({
        items: [],
        total: 0,
        page: 1,
        pageSize: DEFAULT_PAGE_SIZE,
      });
    });

    it('pages a region (or all cars) from the index exactly as a scan with the same query would', async () => {
      const { cars, registry } = setup();
      await cars.createMany({ region: 'munich', count: 5 });
      await cars.createMany({ region: 'berlin', count: 4 });
      await cars.createMany({ region: 'munich', count: 2 });
      for (const region of ['munich', 'berlin', 'hamburg', undefined])
        for (const [page, pageSize] of [
          [1, 3],
          [2, 3],
          [3, 3],
          [5, 2],
          [1, 100],
        ]) {
          const query = { region, page, pageSize };
          expect(cars.list(query)).toEqual(
            queryCars(registry.views(region), query),
          );
        }
      expect(
        cars.list({ region: 'munich', page: 3, pageSize: 3 }),
      ).toMatchObject({ total: 7 });
      expect(
        cars.list({ region: 'munich', page: 3, pageSize: 3 }).items,
      ).toHaveLength(1);
      expect(
        cars.list({ page: 2, pageSize: 10 }).items.map((c) => c.region),
      ).toEqual(['munich']);
    });

    it('answers 404 for an unknown id', () => {
      const { cars } = setup();

      expect(() => cars.get('nope')).toThrow(NotFoundException);
      expect(() => cars.status('nope')).toThrow(NotFoundException);
    });
  });

  describe('setVehicleState', () => {
    it('answers 409 while the car is not online, and sends nothing', async () => {
      const { cars, publisher } = setup();
      await cars.create({ region: 'munich', name: 'car-1' });

      await expect(
        cars.setVehicleState('car-1', { state: 'driving' }),
      ).rejects.toThrow(ConflictException);
      expect(publisher.published).toHaveLength(0);
    });

    it('answers 504 when the car does not answer in time', async () => {
      const { cars, online, clock, commands } = setup();
      await cars.create({ region: 'munich', name: 'car-1' });
      online('car-1');

      const result = cars.setVehicleState('car-1', { state: 'driving' });
      await settle();
      clock.advance(COMMAND_TIMEOUT_MS);

      await expect(result).rejects.toThrow(GatewayTimeoutException);
      expect(commands.inFlight).toBe(0);
    });

    it('publishes the command, waits for the answer, persists and answers the car in its new state', async () => {
      const {
        cars,
        online,
        publisher,
        commands,
        carsRepository,
        lastCommand,
        spawner,
        clock,
      } = setup();
      await cars.create({ region: 'munich', name: 'car-1' });
      online('car-1');

      const result = cars.setVehicleState('car-1', { state: 'driving' });
      await settle();
      expect(publisher.published.at(-1)?.topic).toBe(
        CarTopics.command('car-1'),
      );
      expect(lastCommand()).toMatchObject({
        type: 'set-vehicle-state',
        state: 'driving',
      });
      commands.resolve('car-1', {
        requestId: lastCommand().requestId,
        ok: true,
        at: '2026-11-27T05:00:00.123Z',
      });

      expect(await result).toMatchObject({
        id: 'car-1',
        vehicleState: 'driving',
        vehicleStateSince: '2026-11-27T05:00:00.123Z',
      });
      expect(carsRepository.rows.get('car-1')?.desiredVehicleState).toBe(
        'driving',
      );
      spawner.spawned[0].exit(1);
      clock.advance(1000);
      expect(spawner.spawned[1].command.args).toContain('driving');
    });

    it('answers 409 with the car’s reason when it refuses', async () => {
      const { cars, online, commands, lastCommand } = setup();
      await cars.create({ region: 'munich', name: 'car-1' });
      online('car-1');

      const result = cars.setVehicleState('car-1', { state: 'driving' });
      await settle();
      commands.resolve('car-1', {
        requestId: lastCommand().requestId,
        ok: false,
        error: 'battery empty',
      });

      await expect(result).rejects.toThrow('battery empty');
    });
  });

  describe('remove', () => {
    it('stops the agent, removes its run folder, the target, the retained status and the row', async () => {
      const { cars, spawner, publisher, carsRepository, registry, targets } =
        setup();
      await cars.create({ region: 'munich', name: 'car-1' });

      await cars.remove('car-1');

      expect(spawner.signals).toEqual([{ pid: 4000, signal: 'SIGTERM' }]);
      expect(spawner.alive()).toHaveLength(0);
      expect(spawner.removedFolders).toEqual(['/data/agents/car-1']);
      expect(await targets.find('car-1')).toBeNull();
      expect(publisher.cleared).toEqual([CarTopics.status('car-1')]);
      expect(carsRepository.rows.has('car-1')).toBe(false);
      expect(registry.has('car-1')).toBe(false);
    });

    it('answers 404 for an unknown id', async () => {
      const { cars } = setup();

      await expect(cars.remove('nope')).rejects.toThrow(NotFoundException);
    });
  });

  describe('resumeAll', () => {
    it('brings every persisted car back with its desired state and last known version', async () => {
      const { cars, carsRepository, registry, spawner } = setup();
      await carsRepository.insert({
        id: 'old-1',
        region: 'berlin',
        model: 'm',
        desiredVehicleState: 'driving',
        lastKnownVersion: '1.2.3',
        createdAt: 'a',
        updatedAt: 'a',
      });

      expect(await cars.resumeAll()).toBe(1);

      expect(registry.get('old-1')).toMatchObject({
        connection: 'starting',
        version: '1.2.3',
        vehicleState: 'driving',
      });
      expect(spawner.spawned[0].carId).toBe('old-1');
    });
  });
});
