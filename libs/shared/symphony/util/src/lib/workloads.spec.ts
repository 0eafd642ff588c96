import { component } from '../testing/factories';
import { componentsToWorkloads, workloadsToComponents } from './workloads';

describe(componentsToWorkloads.name, () => {
  it('maps each ankaios-workload component to a workload on the car agent', () => {
    const workloads = componentsToWorkloads(
      [component('telematics', {}, 'ghcr.io/fleet-ota/telematics:1.2.4'), component('adas', { dependencies: ['telematics'] })],
      'c1',
      { tags: { 'symphony.instance': 'fleet-munich' } },
    );
    expect(workloads).toEqual({
      telematics: {
        agent: 'c1',
        runtime: 'podman',
        restartPolicy: 'ALWAYS',
        runtimeConfig: 'image: ghcr.io/fleet-ota/telematics:1.2.4\n',
        tags: { 'symphony.instance': 'fleet-munich' },
      },
      adas: {
        agent: 'c1',
        runtime: 'podman',
        restartPolicy: 'ALWAYS',
        runtimeConfig: 'image: registry/adas:1.0.0\n',
        dependencies: { telematics: 'ADD_COND_RUNNING' },
        tags: { 'symphony.instance': 'fleet-munich' },
      },
    });
  });

  it('honours ankaios.agent, defaults the restart policy to NEVER and skips other component types', () => {
    const pinned = component('gateway', { properties: { 'ankaios.runtime': 'containerd', 'ankaios.runtimeConfig': 'image: g:1\n', 'ankaios.agent': 'hpc2' } });
    const workloads = componentsToWorkloads([pinned, component('helm-chart', { type: 'helm.v3' })], 'c1');
    expect(workloads).toEqual({ gateway: { agent: 'hpc2', runtime: 'containerd', restartPolicy: 'NEVER', runtimeConfig: 'image: g:1\n' } });
  });
});

describe(workloadsToComponents.name, () => {
  it('reports workloads as components, with the agent only when it is another one', () => {
    const components = workloadsToComponents(
      {
        telematics: { agent: 'c1', runtime: 'podman', runtimeConfig: 'image: t:1\n', tags: { owner: 'x' } },
        gateway: { agent: 'hpc2', runtime: 'podman', restartPolicy: 'ALWAYS', runtimeConfig: 'image: g:1\n', dependencies: { telematics: 'ADD_COND_RUNNING' } },
      },
      'c1',
    );
    expect(components).toEqual([
      {
        name: 'gateway',
        type: 'ankaios-workload',
        properties: { 'ankaios.runtime': 'podman', 'ankaios.restartPolicy': 'ALWAYS', 'ankaios.runtimeConfig': 'image: g:1\n', 'ankaios.agent': 'hpc2' },
        dependencies: ['telematics'],
      },
      {
        name: 'telematics',
        type: 'ankaios-workload',
        properties: { 'ankaios.runtime': 'podman', 'ankaios.restartPolicy': 'NEVER', 'ankaios.runtimeConfig': 'image: t:1\n' },
        metadata: { owner: 'x' },
      },
    ]);
  });
});
