import { component } from '../testing/factories';
import { componentsEquivalent, planDeployment, planRemoval } from './plan';
import { workloadsToComponents, componentsToWorkloads } from './workloads';

const AGENT = 'c1';

describe(planDeployment.name, () => {
  it('updates new and changed components, deletes dropped ones, keeps equal ones', () => {
    const current = [component('telematics', {}, 'registry/telematics:1.2.3'), component('adas'), component('legacy')];
    const desired = [component('telematics', {}, 'registry/telematics:1.2.4'), component('adas'), component('infotainment')];
    const plan = planDeployment(desired, current, AGENT);
    expect(plan.steps.map((s) => [s.action, s.reason, s.component.name])).toEqual([
      ['update', 'changed', 'telematics'],
      ['update', 'new', 'infotainment'],
      ['delete', 'removed', 'legacy'],
    ]);
    expect(plan.unchanged).toEqual(['adas']);
  });

  it('plans nothing for the components a car reports back after applying them', () => {
    const desired = [component('telematics'), component('adas', { dependencies: ['telematics'] })];
    const reported = workloadsToComponents(componentsToWorkloads(desired, AGENT, { tags: { 'symphony.instance': 'i' } }), AGENT);
    expect(planDeployment(desired, reported, AGENT)).toEqual({ steps: [], unchanged: ['telematics', 'adas'] });
  });

  it('treats an absent agent as the car itself and an absent restart policy as NEVER', () => {
    const desired = component('telematics', { properties: { 'ankaios.runtime': 'podman', 'ankaios.runtimeConfig': 'image: a:1\n' } });
    const current = component('telematics', {
      properties: { 'ankaios.runtime': 'podman', 'ankaios.runtimeConfig': 'image: a:1\n', 'ankaios.agent': AGENT, 'ankaios.restartPolicy': 'NEVER' },
    });
    expect(componentsEquivalent(desired, current, AGENT)).toBe(true);
    expect(componentsEquivalent(desired, current, 'other-car')).toBe(false);
  });

  it('sees a changed restart policy or dependency set as a change', () => {
    const base = component('adas');
    expect(componentsEquivalent(base, component('adas', { properties: { ...base.properties, 'ankaios.restartPolicy': 'NEVER' } }), AGENT)).toBe(false);
    expect(componentsEquivalent(base, component('adas', { dependencies: ['telematics'] }), AGENT)).toBe(false);
  });

  it('ignores metadata and dependency order', () => {
    const a = component('adas', { dependencies: ['b', 'a'], metadata: { x: '1' } });
    const b = component('adas', { dependencies: ['a', 'b'] });
    expect(componentsEquivalent(a, b, AGENT)).toBe(true);
  });
});

describe(planRemoval.name, () => {
  it('deletes only the desired components the car has', () => {
    const plan = planRemoval([component('telematics'), component('adas')], [component('adas'), component('other')]);
    expect(plan.steps.map((s) => [s.action, s.component.name])).toEqual([['delete', 'adas']]);
  });
});
