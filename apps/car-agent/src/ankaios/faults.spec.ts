import type { FaultRule } from '@fleet/shared/contracts';
import { imageMatches, rollFaults } from './faults';

describe(imageMatches.name, () => {
  it.each([
    ['*', 'reg/app:1.2.4', true],
    ['*:1.2.4', 'reg/app:1.2.4', true],
    ['reg/app:*', 'reg/app:1.2.4', true],
    ['reg/app:1.2.4', 'reg/app:1.2.4', true],
    ['reg/app:1.2', 'reg/app:1.2.4', false],
    ['reg/app.1', 'reg/appx1', false],
  ])('%s matches %s: %s', (glob, image, expected) => {
    expect(imageMatches(glob, image)).toBe(expected);
  });
});

describe(rollFaults.name, () => {
  const rule = (overrides: Partial<FaultRule>): FaultRule => ({ image: '*', fault: 'crash', probability: 1, ...overrides });

  it('draws once per matching rule and combines the hits', () => {
    const random = jest.fn().mockReturnValueOnce(0.1).mockReturnValueOnce(0.9).mockReturnValueOnce(0.2);
    const rules = [rule({ fault: 'crash', afterSeconds: 8 }), rule({ fault: 'fail-start', probability: 0.5 }), rule({ fault: 'unhealthy' })];
    expect(rollFaults(rules, 'a:1', undefined, random, 5)).toEqual({ failStart: false, crashAfterSeconds: 8, unhealthyAfterSeconds: 0 });
    expect(random).toHaveBeenCalledTimes(3);
  });

  it('skips a workload without image and rules of other regions without drawing', () => {
    const random = jest.fn(() => 0);
    expect(rollFaults([rule({})], null, 'munich', random, 5)).toEqual({ failStart: false });
    expect(rollFaults([rule({ region: 'berlin' })], 'a:1', 'munich', random, 5)).toEqual({ failStart: false });
    expect(random).not.toHaveBeenCalled();
  });

  it('takes the earliest crash', () => {
    const rules = [rule({ afterSeconds: 30 }), rule({})];
    expect(rollFaults(rules, 'a:1', undefined, () => 0, 5).crashAfterSeconds).toBe(5);
  });
});
