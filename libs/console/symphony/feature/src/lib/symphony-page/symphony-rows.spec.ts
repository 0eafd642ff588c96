import { imageOf, instanceRows, solutionRows, targetRows, versionRows } from './symphony-rows';
import { aSolutionVersion, aTarget, anInstance } from './symphony-test-data';

describe('symphony rows', () => {
  it('reads the image from an Ankaios runtime config', () => {
    expect(imageOf('image: registry/a:1.2.4\ncommandOptions: []')).toBe('registry/a:1.2.4');
    expect(imageOf('commandOptions: []')).toBeUndefined();
    expect(imageOf(undefined)).toBeUndefined();
  });

  it('lists each solution with its versions and each version with its images', () => {
    const versions = [aSolutionVersion('1.2.3'), aSolutionVersion('1.2.4')];
    expect(solutionRows([{ metadata: { name: 'fleet' }, spec: {} }], versions)[0].cells['versions']).toBe('1.2.3, 1.2.4');
    expect(versionRows(versions)[1].cells).toMatchObject({ reference: 'fleet:1.2.4', images: 'registry/telematics:1.2.4' });
  });

  it('shows a target\'s properties and MQTT topics, and an instance\'s version and target', () => {
    expect(targetRows([aTarget('c1')])[0].cells).toEqual({
      properties: 'region=munich',
      provider: 'ankaios-workload → providers.target.mqtt',
      topics: 'coa-request-car-c1 / coa-response-car-c1',
    });
    expect(instanceRows([anInstance('c1')])[0].cells).toEqual({ solution: 'fleet:1.2.4', target: 'car-c1', generation: '2' });
  });
});
