import { component, solution, solutionVersion } from '../testing/factories';
import { loadSymphonyConfig } from './config';

const doc = (source: string, json: unknown) => ({ source, json });

describe(loadSymphonyConfig.name, () => {
  it('returns the objects with namespaces filled in', () => {
    const version = solutionVersion('1.2.4');
    delete version.metadata.namespace;
    const loaded = loadSymphonyConfig({ solutions: [doc('solution.json', solution())], solutionVersions: [doc('fleet-v-1.2.4.json', version)] });
    expect(loaded.ok && loaded.value.solutionVersions[0].metadata.namespace).toBe('default');
    expect(loaded.ok && loaded.value.solutions.map((s) => s.metadata.name)).toEqual(['fleet']);
  });

  it('collects every issue with its source', () => {
    const orphan = solutionVersion('2.0.0', [component('x')], 'other');
    const broken = solutionVersion('1.2.4', [component('a', { properties: { 'ankaios.runtime': 'podman', 'ankaios.runtimeConfig': 'a: [' } })]);
    const loaded = loadSymphonyConfig({
      solutions: [doc('solution.json', solution()), doc('junk.json', [1])],
      solutionVersions: [doc('other.json', orphan), doc('broken.json', broken), doc('dup.json', broken)],
    });
    expect(loaded.ok).toBe(false);
    if (!loaded.ok)
      expect(loaded.error.map((i) => [i.source, i.fieldPath])).toEqual([
        ['junk.json', ''],
        ['dup.json', 'metadata.name'],
        ['other.json', 'spec.rootResource'],
        ['broken.json', 'spec.components[0].properties.ankaios.runtimeConfig'],
        ['dup.json', 'spec.components[0].properties.ankaios.runtimeConfig'],
      ]);
  });
});
