import { component, deployment } from '../testing/factories';
import { assignmentOf, componentsForTarget, deploymentComponentSlice } from './deployment-components';

const names = (list: { name: string }[]) => list.map((c) => c.name);
const three = [component('telematics'), component('infotainment'), component('adas')];

describe(componentsForTarget.name, () => {
  it('gives every component to the target when there are no assignments', () => {
    expect(names(componentsForTarget(deployment(three), 'car-c1'))).toEqual(['telematics', 'infotainment', 'adas']);
  });

  it('narrows to the assignment {a}{b} and to nothing for an unassigned target', () => {
    const d = deployment(three, { assignments: { 'car-c1': assignmentOf([three[0], three[2]]) } });
    expect(names(componentsForTarget(d, 'car-c1'))).toEqual(['telematics', 'adas']);
    expect(componentsForTarget(d, 'car-c2')).toEqual([]);
  });
});

describe(deploymentComponentSlice.name, () => {
  it('cuts the step slice like GetComponentSlice', () => {
    expect(names(deploymentComponentSlice(deployment(three, { componentStartIndex: 1, componentEndIndex: 3 })))).toEqual(['infotainment', 'adas']);
    expect(names(deploymentComponentSlice(deployment(three, { componentStartIndex: 2, componentEndIndex: 2 })))).toHaveLength(3);
  });
});
