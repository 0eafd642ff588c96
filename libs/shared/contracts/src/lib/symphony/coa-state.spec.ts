import { CoaState, coaStateName, FleetProviderState, isCoaOk } from './coa-state';

describe(coaStateName.name, () => {
  it.each([
    [CoaState.Updated, 'Updated'],
    [CoaState.UpdateFailed, 'UpdateFailed'],
    [CoaState.Untouched, 'Untouched'],
    [CoaState.Conflict, 'Conflict'],
    [FleetProviderState.Interrupted, 'Interrupted'],
    [12345, 'State 12345'],
  ])('names %i %s', (code, name) => {
    expect(coaStateName(code)).toBe(name);
  });

  it('keeps this project’s provider codes clear of the ones Symphony uses', () => {
    const symphonyDetailCodes = (code: number) => (code >= 10000 && code <= 10058) || (code >= 11000 && code <= 11004) || code === 12000;
    expect(Object.values(FleetProviderState).filter(symphonyDetailCodes)).toEqual([]);
  });
});

describe(isCoaOk.name, () => {
  it('accepts only OK and Accepted, as the MQTT provider does', () => {
    expect([200, 202, 400, 409, 500, 8004, 19001].map(isCoaOk)).toEqual([true, true, false, false, false, false, false]);
  });
});
