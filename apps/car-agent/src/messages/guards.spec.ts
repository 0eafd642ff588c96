import type { FaultRule } from '@fleet/shared/contracts';
import { setVehicleStateCommand } from '../testing/factories';
import { isAgentStatusMessage, isCarCommand, isFaultRuleSet, isFieldMaskList, readableRequestId } from './guards';
import { parseJson } from './parse-json';

const faultRule = (overrides: Partial<Record<keyof FaultRule, unknown>> = {}) => ({
  image: '*:1.2.4',
  fault: 'fail-start',
  probability: 0.5,
  ...overrides,
});

describe(isCarCommand.name, () => {
  it('accepts each command kind', () => {
    expect(isCarCommand(setVehicleStateCommand('driving'))).toBe(true);
    expect(isCarCommand({ requestId: 'r', type: 'shutdown' })).toBe(true);
    expect(isCarCommand({ requestId: 'r', type: 'refuse', reason: 'dup', instanceId: 'i-1' })).toBe(true);
  });

  it.each([
    ['no object', 'shutdown'],
    ['an array', [{ requestId: 'r', type: 'shutdown' }]],
    ['no requestId', { type: 'shutdown' }],
    ['an empty requestId', { requestId: '', type: 'shutdown' }],
    ['an unknown type', { requestId: 'r', type: 'reboot' }],
    ['an unknown vehicle state', { requestId: 'r', type: 'set-vehicle-state', state: 'flying' }],
    ['a refuse without instanceId', { requestId: 'r', type: 'refuse', reason: 'dup' }],
  ])('refuses %s', (_what, value) => {
    expect(isCarCommand(value)).toBe(false);
  });
});

describe(readableRequestId.name, () => {
  it('reads the requestId of an invalid command', () => {
    expect(readableRequestId({ requestId: 'r-9', type: 'nope' })).toBe('r-9');
    expect(readableRequestId({ requestId: 9 })).toBeNull();
    expect(readableRequestId(null)).toBeNull();
  });
});

describe(isAgentStatusMessage.name, () => {
  it('accepts a status and refuses one without instanceId', () => {
    const status = { name: 'car-1', online: true, instanceId: 'i', at: '2026-01-01T00:00:00.000Z' };
    expect(isAgentStatusMessage(status)).toBe(true);
    expect(isAgentStatusMessage({ ...status, instanceId: undefined })).toBe(false);
    expect(isAgentStatusMessage({ ...status, online: 'yes' })).toBe(false);
  });
});

describe(isFaultRuleSet.name, () => {
  it('accepts a rule set with and without updatedAt', () => {
    expect(isFaultRuleSet({ rules: [faultRule(), faultRule({ region: 'munich', afterSeconds: 3, fault: 'crash' })] })).toBe(true);
    expect(isFaultRuleSet({ rules: [], updatedAt: '2026-01-01T00:00:00.000Z' })).toBe(true);
  });

  it.each([
    ['no rules', {}],
    ['an unknown fault', { rules: [faultRule({ fault: 'explode' })] }],
    ['a probability above 1', { rules: [faultRule({ probability: 1.5 })] }],
    ['a negative afterSeconds', { rules: [faultRule({ afterSeconds: -1 })] }],
    ['an empty image', { rules: [faultRule({ image: '' })] }],
    ['a numeric region', { rules: [faultRule({ region: 7 })] }],
  ])('refuses %s', (_what, value) => {
    expect(isFaultRuleSet(value)).toBe(false);
  });
});

describe(isFieldMaskList.name, () => {
  it('accepts a list of masks, including the empty list', () => {
    expect(isFieldMaskList(['workloadStates', 'desiredState.workloads.*'])).toBe(true);
    expect(isFieldMaskList([])).toBe(true);
  });

  it('refuses anything else', () => {
    expect(isFieldMaskList('workloadStates')).toBe(false);
    expect(isFieldMaskList([1])).toBe(false);
    expect(isFieldMaskList([''])).toBe(false);
  });
});

describe(parseJson.name, () => {
  it('parses JSON and reports anything else without throwing', () => {
    expect(parseJson(Buffer.from('{"a":1}'))).toEqual({ ok: true, value: { a: 1 } });
    expect(parseJson('{nope')).toMatchObject({ ok: false, error: expect.stringContaining('not JSON') });
  });
});
