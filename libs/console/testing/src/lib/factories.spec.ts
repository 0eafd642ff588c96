import { aCar } from './factories';

describe('aCar', () => {
  it('derives the display status from the seed rule', () => {
    expect(aCar().display).toBe('parked');
    expect(aCar({ vehicleState: 'driving' }).display).toBe('ok');
    expect(aCar({ connection: 'starting' }).display).toBe('offline');
  });

  it('gives every car its own id and Symphony target', () => {
    const [a, b] = [aCar(), aCar()];
    expect(a.id).not.toBe(b.id);
    expect(a.target).toBe(`car-${a.id}`);
  });
});
