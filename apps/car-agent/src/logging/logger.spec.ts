import { createJsonLogger, describeError } from './logger';

describe(createJsonLogger.name, () => {
  it('writes one JSON line per event with the car id', () => {
    const lines: string[] = [];
    const logger = createJsonLogger('car-1', (l) => lines.push(l), () => new Date('2026-03-01T10:00:00.000Z'));
    logger.info('connected', { serverUrl: 'mqtt://h' });
    logger.error('boom');
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      { at: '2026-03-01T10:00:00.000Z', level: 'info', carId: 'car-1', message: 'connected', serverUrl: 'mqtt://h' },
      { at: '2026-03-01T10:00:00.000Z', level: 'error', carId: 'car-1', message: 'boom' },
    ]);
    expect(lines.every((l) => !l.includes('\n'))).toBe(true);
  });
});

describe(describeError.name, () => {
  it('describes errors by their stack and anything else as text', () => {
    expect(describeError(new Error('x'))).toContain('Error: x');
    expect(describeError(42)).toBe('42');
  });
});
