import type { CarCommandResult, VehicleState } from '@fleet/shared/contracts';
import { MemoryLogger } from '../testing/memory-logger';
import { setVehicleStateCommand } from '../testing/factories';
import { CommandTarget, handleCommand } from './command-handler';

function target(instanceId = 'me') {
  const calls = { states: [] as VehicleState[], shutdowns: [] as string[], refusals: [] as string[], results: [] as CarCommandResult[] };
  const t: CommandTarget = {
    instanceId,
    setVehicleState: (s) => void calls.states.push(s),
    shutdown: (r) => void calls.shutdowns.push(r),
    refuse: (r) => void calls.refusals.push(r),
    respond: (r) => void calls.results.push(r),
  };
  return { t, calls };
}

const send = (body: unknown) => Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));

describe(handleCommand.name, () => {
  it('changes the vehicle state and answers ok with the same requestId', () => {
    const { t, calls } = target();
    handleCommand(send(setVehicleStateCommand('driving', 'r-1')), t, new MemoryLogger());
    expect(calls.states).toEqual(['driving']);
    expect(calls.results).toEqual([{ requestId: 'r-1', ok: true, at: expect.any(String) }]);
    const at = Date.parse((calls.results[0] as { at: string }).at);
    expect(Math.abs(Date.now() - at)).toBeLessThan(5_000);
  });

  it('answers a shutdown before shutting down', () => {
    const { t, calls } = target();
    handleCommand(send({ requestId: 'r-2', type: 'shutdown' }), t, new MemoryLogger());
    expect(calls.results).toEqual([{ requestId: 'r-2', ok: true }]);
    expect(calls.shutdowns).toHaveLength(1);
  });

  it('obeys a refuse that names this instance', () => {
    const { t, calls } = target('me');
    handleCommand(send({ requestId: 'r-3', type: 'refuse', reason: 'duplicate', instanceId: 'me' }), t, new MemoryLogger());
    expect(calls.refusals).toEqual(['duplicate']);
    expect(calls.results).toEqual([{ requestId: 'r-3', ok: true }]);
  });

  it('ignores a refuse meant for another instance, without answering', () => {
    const { t, calls } = target('me');
    handleCommand(send({ requestId: 'r-4', type: 'refuse', reason: 'duplicate', instanceId: 'other' }), t, new MemoryLogger());
    expect(calls.refusals).toEqual([]);
    expect(calls.results).toEqual([]);
  });

  it('answers ok:false to an invalid command whose requestId is readable', () => {
    const { t, calls } = target();
    const logger = new MemoryLogger();
    handleCommand(send({ requestId: 'r-5', type: 'set-vehicle-state', state: 'flying' }), t, logger);
    expect(calls.states).toEqual([]);
    expect(calls.results).toEqual([{ requestId: 'r-5', ok: false, error: 'invalid command' }]);
    expect(logger.messages('warn')).toContain('dropped an invalid command');
  });

  it('logs and drops a payload that is not JSON', () => {
    const { t, calls } = target();
    const logger = new MemoryLogger();
    expect(() => handleCommand(send('{"requestId": '), t, logger)).not.toThrow();
    expect(calls.results).toEqual([]);
    expect(logger.messages('warn')).toContain('dropped a malformed command');
  });
});
