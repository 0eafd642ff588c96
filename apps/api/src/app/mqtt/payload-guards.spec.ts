import {
  helloMessage,
  logLine,
  statusMessage,
  vehicleTelemetry,
  workloadReport,
} from '../../testing/factories';
import {
  isAgentHello,
  isAgentLoad,
  isAgentStatusMessage,
  isCarCommandResult,
  isLogLine,
  isVehicleTelemetry,
  isWorkloadStatesReport,
} from './payload-guards';

const JUNK: unknown[] = [
  'not json',
  '',
  42,
  null,
  [],
  {},
  { state: 5 },
  { online: 'yes' },
  { workloadStates: 7 },
];

describe('payload guards', () => {
  it.each([
    ['status', isAgentStatusMessage, statusMessage('a')],
    ['hello', isAgentHello, helloMessage('a')],
    ['load', isAgentLoad, { cpuUsage: 1.5, freeMemory: 100 }],
    ['vehicle', isVehicleTelemetry, vehicleTelemetry()],
    ['workload-states', isWorkloadStatesReport, workloadReport('a')],
    [
      'command result',
      isCarCommandResult,
      { requestId: 'r', ok: false, error: 'no' },
    ],
    [
      'command result with the time it was carried out',
      isCarCommandResult,
      { requestId: 'r', ok: true, at: '2026-11-27T05:00:00.000Z' },
    ],
    ['log line', isLogLine, logLine('a')],
  ])(
    'accepts a well-formed %s message and rejects junk',
    (_kind, guard, valid) => {
      expect(guard(valid)).toBe(true);
      for (const junk of JUNK) expect(guard(junk)).toBe(false);
    },
  );

  it('rejects values of the wrong type inside otherwise complete messages', () => {
    expect(
      isVehicleTelemetry(vehicleTelemetry({ state: 'flying' as never })),
    ).toBe(false);
    expect(isAgentLoad({ cpuUsage: Number.NaN, freeMemory: 1 })).toBe(false);
    expect(isAgentHello(helloMessage('a', { pid: -1 }))).toBe(false);
    expect(
      isWorkloadStatesReport(
        workloadReport('a', {
          workloadStates: {
            w: { i: { state: 'Dancing', subState: '', additionalInfo: '' } },
          } as never,
        }),
      ),
    ).toBe(false);
    expect(
      isWorkloadStatesReport(
        workloadReport('a', { health: { w: 'great' } as never }),
      ),
    ).toBe(false);
    expect(isLogLine(logLine('a', { level: 'trace' as never }))).toBe(false);
  });

  it('checks every entry of a map, not only the first', () => {
    const ok = { state: 'Running', subState: 'Ok', additionalInfo: '' };
    expect(
      isWorkloadStatesReport(
        workloadReport('a', {
          workloadStates: {
            w: { i1: ok, i2: ok },
            v: { j1: ok, j2: { ...ok, state: 'Dancing' } },
          } as never,
        }),
      ),
    ).toBe(false);
    expect(
      isWorkloadStatesReport(
        workloadReport('a', {
          workloadStates: { w: { i1: ok, i2: ok }, v: { j1: ok } } as never,
          health: { w: 'healthy', v: 'unknown' },
        }),
      ),
    ).toBe(true);
    expect(
      isAgentHello(
        helloMessage('a', { tags: { region: 'munich', seats: 5 } as never }),
      ),
    ).toBe(false);
    expect(isAgentHello(helloMessage('a', { tags: {} }))).toBe(true);
  });
});

describe('isCarCommandResult', () => {
  it('refuses a result whose time is not a time', () => {
    expect(
      isCarCommandResult({ requestId: 'r', ok: true, at: 'yesterday' }),
    ).toBe(false);
    expect(isCarCommandResult({ requestId: 'r', ok: true, at: 5 })).toBe(false);
  });
});
