import { component } from '../testing/factories';
import { runtimeConfigError, validateAnkaiosComponents } from './component-validation';

const paths = (components: unknown, checkYaml = false) =>
  validateAnkaiosComponents(components, { checkRuntimeConfigYaml: checkYaml }).map((e) => e.fieldPath);

describe(validateAnkaiosComponents.name, () => {
  it('accepts the fleet components', () => {
    expect(paths([component('telematics'), component('adas', { dependencies: ['telematics'] })], true)).toEqual([]);
  });

  it('requires a known runtime and a runtimeConfig string', () => {
    expect(paths([component('a', { properties: { 'ankaios.runtime': 'docker' } })])).toEqual([
      'spec.components[0].properties.ankaios.runtime',
      'spec.components[0].properties.ankaios.runtimeConfig',
    ]);
  });

  it('rejects a wrong type, a bad workload name, a bad restart policy and a bad agent', () => {
    const bad = component('bad name', { type: 'helm.v3' });
    bad.properties = { ...bad.properties, 'ankaios.restartPolicy': 'SOMETIMES', 'ankaios.agent': 'car/1' };
    expect(paths([bad])).toEqual([
      'spec.components[0].name',
      'spec.components[0].type',
      'spec.components[0].properties.ankaios.restartPolicy',
      'spec.components[0].properties.ankaios.agent',
    ]);
  });

  it('rejects duplicate names, unknown dependencies and cycles', () => {
    expect(paths([component('a'), component('a')])).toEqual(['spec.components[1].name']);
    expect(paths([component('a', { dependencies: ['ghost'] })])).toEqual(['spec.components[0].dependencies']);
    expect(paths([component('a', { dependencies: ['b'] }), component('b', { dependencies: ['a'] })])).toEqual(['spec.components']);
  });

  it('rejects a list that is not a list and items without names', () => {
    expect(paths({})).toEqual(['spec.components']);
    expect(paths([{ type: 'ankaios-workload' }])).toEqual(['spec.components[0].name']);
  });

  it('checks the runtimeConfig YAML only when asked', () => {
    const broken = component('a', { properties: { 'ankaios.runtime': 'podman', 'ankaios.runtimeConfig': 'image: [unclosed' } });
    expect(paths([broken])).toEqual([]);
    expect(paths([broken], true)).toEqual(['spec.components[0].properties.ankaios.runtimeConfig']);
  });
});

describe(runtimeConfigError.name, () => {
  it('wants a YAML mapping', () => {
    expect(runtimeConfigError('image: a:1\ncommandOptions: ["--net=host"]\n')).toBeNull();
    expect(runtimeConfigError('just text')).toMatch(/mapping/);
    expect(runtimeConfigError('a: [')).toMatch(/not valid YAML/);
  });
});
