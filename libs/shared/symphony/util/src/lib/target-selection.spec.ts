import type { SymphonyInstance, SymphonyTarget } from '@fleet/shared/contracts';
import { matchTargets, selectorValueMatches } from './target-selection';

const target = (name: string, properties: Record<string, string>): SymphonyTarget => ({
  metadata: { name },
  spec: { properties },
});
const instance = (t: SymphonyInstance['spec']['target']): SymphonyInstance => ({
  metadata: { name: 'i' },
  spec: { solution: 'fleet:1.2.4', target: t },
});
const TARGETS = [
  target('car-m2', { region: 'munich', model: 'atlas-sedan' }),
  target('car-m1', { region: 'munich', model: 'cirrus-van' }),
  target('car-b1', { region: 'berlin', model: 'atlas-sedan' }),
  target('edge', {}),
];
const names = (ts: SymphonyTarget[]) => ts.map((t) => t.metadata.name);

describe(matchTargets.name, () => {
  it('selects every target whose properties hold each selector pair, sorted by name', () => {
    expect(names(matchTargets(instance({ selector: { region: 'munich' } }), TARGETS))).toEqual(['car-m1', 'car-m2']);
    expect(names(matchTargets(instance({ selector: { region: 'munich', model: 'atlas-sedan' } }), TARGETS))).toEqual([
      'car-m2',
    ]);
    expect(matchTargets(instance({ selector: { region: 'paris' } }), TARGETS)).toEqual([]);
  });

  it('selects a target by name (a reference becomes its object name), and adds selector matches', () => {
    expect(names(matchTargets(instance({ name: 'edge' }), TARGETS))).toEqual(['edge']);
    expect(names(matchTargets(instance({ name: 'car-b1', selector: { model: 'cirrus-van' } }), TARGETS))).toEqual([
      'car-b1',
      'car-m1',
    ]);
  });

  it('matches values with * and % as Symphony does, and everything else literally', () => {
    expect(selectorValueMatches('mun*', 'munich')).toBe(true);
    expect(selectorValueMatches('munic%', 'munich')).toBe(true);
    expect(selectorValueMatches('munich', 'munich-east')).toBe(false);
    expect(selectorValueMatches('a.b*', 'axb')).toBe(false);
    expect(names(matchTargets(instance({ selector: { model: '*sedan' } }), TARGETS))).toEqual(['car-b1', 'car-m2']);
  });
});
