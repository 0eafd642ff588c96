import { carsHarness } from '../../testing/cars-harness';
import { logLine } from '../../testing/factories';
import {
  CarLogsService,
  LOG_LINES_FLEET,
  LOG_LINES_MIN_PER_CAR,
  LOG_LINES_PER_CAR,
  logLinesPerCar,
} from './car-logs.service';

async function setup() {
  const h = carsHarness();
  await h.cars.create({ region: 'munich', name: 'a' });
  const logs = new CarLogsService(h.registry);
  logs.onModuleInit();
  return { ...h, logs };
}

describe(CarLogsService.name, () => {
  it('keeps only the last 1000 lines of a car', async () => {
    const { logs } = await setup();
    const lines = Array.from({ length: LOG_LINES_PER_CAR + 200 }, (_, i) =>
      logLine('a', { message: `line ${i}` }),
    );

    logs.append('a', lines.slice(0, 700));
    logs.append('a', lines.slice(700));

    const kept = logs.recent('a');
    expect(kept).toHaveLength(LOG_LINES_PER_CAR);
    expect(kept[0].message).toBe('line 200');
    expect(kept.at(-1)?.message).toBe('line 1199');
  });

  it('keeps the last 1000 lines in order over many small batches and one batch larger than that', async () => {
    const { logs } = await setup();
    const lines = Array.from({ length: 2 * LOG_LINES_PER_CAR + 345 }, (_, i) =>
      logLine('a', { message: `line ${i}` }),
    );

    for (const line of lines) logs.append('a', [line]);
    expect(logs.recent('a').map((l) => l.message)).toEqual(
      lines.slice(-LOG_LINES_PER_CAR).map((l) => l.message),
    );

    logs.append('a', lines.slice(0, LOG_LINES_PER_CAR + 1));
    expect(logs.recent('a').map((l) => l.message)).toEqual(
      lines.slice(1, LOG_LINES_PER_CAR + 1).map((l) => l.message),
    );
  });

  it('shares the fleet budget out per car, within the per-car bounds', () => {
    expect(logLinesPerCar(0)).toBe(LOG_LINES_PER_CAR);
    expect(logLinesPerCar(12)).toBe(LOG_LINES_PER_CAR);
    expect(logLinesPerCar(LOG_LINES_FLEET / 250)).toBe(250);
    expect(logLinesPerCar(10 * LOG_LINES_FLEET)).toBe(LOG_LINES_MIN_PER_CAR);
    for (const cars of [1, 999, 1000, 1001, 4000, 10_000, 50_000])
      expect(cars * logLinesPerCar(cars)).toBeLessThanOrEqual(
        Math.max(LOG_LINES_FLEET, cars * LOG_LINES_MIN_PER_CAR),
      );
  });

  it('shrinks a car’s kept log to its share when the fleet grows, keeping the newest lines', async () => {
    const { logs, registry } = await setup();
    const lines = Array.from({ length: LOG_LINES_PER_CAR }, (_, i) =>
      logLine('a', { message: `line ${i}` }),
    );
    logs.append('a', lines);
    expect(logs.recent('a')).toHaveLength(LOG_LINES_PER_CAR);

    const size = jest.spyOn(registry, 'size', 'get').mockReturnValue(4000);
    logs.append('a', [logLine('a', { message: 'after' })]);
    const share = logLinesPerCar(4000);
    expect(share).toBeLessThan(LOG_LINES_PER_CAR);
    const kept = logs.recent('a').map((l) => l.message);
    expect(kept).toHaveLength(share);
    expect(kept.at(-1)).toBe('after');
    expect(kept[0]).toBe(`line ${LOG_LINES_PER_CAR - share + 1}`);
    size.mockRestore();
  });

  it('filters the kept lines by workload', async () => {
    const { logs } = await setup();

    logs.append('a', [
      logLine('a', { workload: 'nav' }),
      logLine('a', { workload: 'telematics' }),
    ]);

    expect(logs.recent('a', 'nav').map((l) => l.workload)).toEqual(['nav']);
  });

  it('keeps nothing for unknown cars and forgets a deleted car', async () => {
    const { logs, cars } = await setup();

    expect(logs.append('ghost', [logLine('ghost')])).toBe(false);
    logs.append('a', [logLine('a')]);
    await cars.remove('a');

    expect(logs.recent('ghost')).toEqual([]);
    expect(logs.recent('a')).toEqual([]);
  });
});
