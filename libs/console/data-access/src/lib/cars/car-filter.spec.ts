import { aCar, aSummary } from '@fleet/console/testing';
import { matchesFilter, normalizeFilter, totalFromSummary } from './car-filter';

describe('car filter', () => {
  it('matches region, display status and a case-insensitive id substring together', () => {
    const car = aCar({ id: 'Munich-Car-7', region: 'munich', vehicleState: 'driving' });
    expect(matchesFilter(car, {})).toBe(true);
    expect(matchesFilter(car, { region: 'munich', status: 'ok', search: 'car-7' })).toBe(true);
    expect(matchesFilter(car, { region: 'berlin' })).toBe(false);
    expect(matchesFilter(car, { status: 'parked' })).toBe(false);
    expect(matchesFilter(car, { search: 'car-8' })).toBe(false);
  });

  it('drops blank fields and trims text', () => {
    expect(normalizeFilter({ region: ' ', search: ' ab ' })).toEqual({ search: 'ab' });
  });

  it('reads the total from the summary only when the summary can tell it', () => {
    const summary = aSummary();
    expect(totalFromSummary(summary, {})).toBe(6);
    expect(totalFromSummary(summary, { region: 'berlin' })).toBe(2);
    expect(totalFromSummary(summary, { region: 'paris' })).toBe(0);
    expect(totalFromSummary(summary, { status: 'parked' })).toBe(2);
    expect(totalFromSummary(summary, { region: 'berlin', status: 'parked' })).toBeNull();
    expect(totalFromSummary(summary, { search: 'x' })).toBeNull();
  });
});
