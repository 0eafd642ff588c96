import { createHash } from 'node:crypto';
import type { DesiredState } from '@fleet/shared/contracts';
import { SimulatedCluster } from './simulated-cluster';
import { AGENT, createCluster, manifest, workloadSpec } from './test-kit';

const STARTED = 1350;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const idOf = (cluster: SimulatedCluster, workload: string) => cluster.getCompleteState().workloadStates[AGENT][workload];

describe(SimulatedCluster.name, () => {
  describe('manifests', () => {
    it('answers applied workloads with their instance ids: sha256 of the rendered runtimeConfig', () => {
      const { cluster } = createCluster();
      const response = cluster.applyManifest(manifest({ app: { runtimeConfig: 'image: reg/app:1.2.3' } }));
      expect(response).toEqual({
        added_workloads: [{ agent_name: AGENT, workload_name: 'app', workload_id: sha256('image: reg/app:1.2.3') }],
        deleted_workloads: [],
      });
    });

    it('replaces the instance when the image changes: delete the old id, add the new one, start it after the old is gone', () => {
      const { cluster, scheduler, stateOf } = createCluster();
      cluster.applyManifest(manifest({ app: { runtimeConfig: 'image: reg/app:1.2.3' } }));
      scheduler.advance(STARTED);
      const response = cluster.applyManifest(manifest({ app: { runtimeConfig: 'image: reg/app:1.2.4' } }));
      expect(response.deleted_workloads.map((w) => w.workload_id)).toEqual([sha256('image: reg/app:1.2.3')]);
      expect(response.added_workloads.map((w) => w.workload_id)).toEqual([sha256('image: reg/app:1.2.4')]);
      expect(idOf(cluster, 'app')).toEqual({
        [sha256('image: reg/app:1.2.3')]: { state: 'Stopping', subState: 'RequestedAtRuntime', additionalInfo: '' },
        [sha256('image: reg/app:1.2.4')]: { state: 'Pending', subState: 'Initial', additionalInfo: '' },
      });
      scheduler.advance(650 + 1250);
      expect(Object.keys(idOf(cluster, 'app'))).toEqual([sha256('image: reg/app:1.2.4')]);
      expect([stateOf('app'), cluster.version()]).toEqual(['Running(Ok)', '1.2.4']);
    });

    it('keeps its desired state object while workloads change state, and replaces it for a new desired state', () => {
      const { cluster, scheduler } = createCluster();
      const changes: number[] = [];
      cluster.onChange(() => changes.push(scheduler.now()));
      cluster.applyManifest(manifest({ app: { runtimeConfig: 'image: reg/app:1.2.3' } }));
      const applied = cluster.currentDesired();
      const before = changes.length;
      scheduler.advance(STARTED);
      expect(changes.length).toBeGreaterThan(before); // Pending → Running, health: changes the agent hears of
      expect(cluster.currentDesired()).toBe(applied);

      cluster.applyManifest(manifest({ app: { runtimeConfig: 'image: reg/app:1.2.4' } }));
      expect(cluster.currentDesired()).not.toBe(applied);
      expect(cluster.currentDesired()).toEqual(cluster.snapshot());
    });

    it('changes nothing when the same manifest is applied again', () => {
      const { cluster } = createCluster();
      cluster.applyManifest(manifest({ app: {} }));
      expect(cluster.applyManifest(manifest({ app: {} }))).toEqual({ added_workloads: [], deleted_workloads: [] });
    });

    it('leaves workloads the manifest does not name', () => {
      const { cluster } = createCluster();
      cluster.applyManifest(manifest({ a: {}, b: {} }));
      cluster.applyManifest(manifest({ b: { image: 'reg/b:2' } }));
      cluster.deleteManifest(manifest({ b: {} }));
      expect(Object.keys(cluster.snapshot().workloads)).toEqual(['a']);
    });

    it('re-renders workloads when a config they use changes', () => {
      const { cluster, scheduler } = createCluster();
      const app = { runtimeConfig: 'image: reg/app:{{c.tag}}', configs: { c: 'fleet' } };
      cluster.applyManifest(manifest({ app }, { configs: { fleet: { tag: '1.0' } } }));
      scheduler.advance(STARTED);
      const response = cluster.applyManifest(manifest({}, { configs: { fleet: { tag: '1.1' } } }));
      expect(response.added_workloads.map((w) => w.workload_id)).toEqual([sha256('image: reg/app:1.1')]);
      expect(cluster.version()).toBe('1.1');
    });

    it('renders the fleet tutorial template over a config list', () => {
      const { cluster } = createCluster();
      const runtimeConfig = 'image: reg/sender:0.1.0\ncommandOptions:\n  {{#each c.env}}\n  - "-e"\n  - "{{key}}={{value}}"\n  {{/each}}\n';
      const configs = { sender: { env: [{ key: 'INTERVAL', value: '1' }] } };
      const response = cluster.applyManifest(manifest({ sender: { runtimeConfig, configs: { c: 'sender' } } }, { configs }));
      const rendered = 'image: reg/sender:0.1.0\ncommandOptions:\n  - "-e"\n  - "INTERVAL=1"\n';
      expect(response.added_workloads[0].workload_id).toBe(sha256(rendered));
    });

    it('accepts v0.1 and logs its warning', () => {
      const { cluster, logs } = createCluster();
      const response = cluster.applyManifest(manifest({ app: { tags: [{ key: 'a', value: 'b' }] } as never }, { apiVersion: 'v0.1' }));
      expect(response.error).toBeUndefined();
      expect(cluster.snapshot().workloads['app'].tags).toEqual({ a: 'b' });
      expect(logs.some((l) => l.level === 'warn' && l.message.includes("old API version 'v0.1'"))).toBe(true);
    });

    it.each([
      ['an unknown API version', manifest({ app: {} }, { apiVersion: 'v2' }), "Unsupported API version. Received 'v2', expected 'v1'"],
      ['broken YAML', 'apiVersion: [', 'Error parsing manifest:'],
      ['a cycle', manifest({ a: { dependencies: { b: 'ADD_COND_RUNNING' } }, b: { dependencies: { a: 'ADD_COND_RUNNING' } } }), 'part of a cycle'],
      ['not text', 42 as unknown as string, 'Error parsing manifest'],
    ])('answers %s with an error and empty lists, changing nothing', (_name, text, error) => {
      const { cluster, logs } = createCluster();
      const response = cluster.applyManifest(text);
      expect(response.added_workloads).toEqual([]);
      expect(response.deleted_workloads).toEqual([]);
      expect(response.error).toContain(error);
      expect(cluster.snapshot().workloads).toEqual({});
      expect(logs.some((l) => l.level === 'error')).toBe(true);
    });
  });

  describe('updateState', () => {
    const desired = (workloads: Record<string, unknown>): DesiredState =>
      ({ apiVersion: 'v1', workloads, configs: {} }) as DesiredState;

    it('replaces the whole desired state with an empty mask', () => {
      const { cluster } = createCluster();
      cluster.applyManifest(manifest({ a: {}, b: {} }));
      const response = cluster.updateState({ desiredState: desired({ c: workloadSpec() }) }, []);
      expect(response.deleted_workloads.map((w) => w.workload_name).sort()).toEqual(['a', 'b']);
      expect(Object.keys(cluster.snapshot().workloads)).toEqual(['c']);
    });

    it('deletes a masked workload that the new state lacks', () => {
      const { cluster } = createCluster();
      cluster.applyManifest(manifest({ a: {}, b: {} }));
      cluster.updateState({ desiredState: desired({}) }, ['desiredState.workloads.a']);
      expect(Object.keys(cluster.snapshot().workloads)).toEqual(['b']);
    });

    it('changes one field through its mask', () => {
      const { cluster } = createCluster();
      cluster.applyManifest(manifest({ a: {} }));
      cluster.updateState({ desiredState: desired({ a: { restartPolicy: 'ALWAYS' } }) }, ['desiredState.workloads.a.restartPolicy']);
      expect(cluster.snapshot().workloads['a'].restartPolicy).toBe('ALWAYS');
    });

    it('answers an impossible mask with an error', () => {
      const { cluster } = createCluster();
      expect(cluster.updateState({ desiredState: desired({}) }, ['desiredState.workloads.a.b.c']).error).toBe(
        'Could not find field desiredState.workloads.a.b.c',
      );
    });
  });

  describe('reading the state', () => {
    it('honours read masks, `*` included', () => {
      const { cluster } = createCluster();
      cluster.applyManifest(manifest({ telematics: {}, other: {} }));
      const state = cluster.getCompleteState(['workloadStates.*.telematics']);
      expect(Object.keys(state.workloadStates[AGENT])).toEqual(['telematics']);
      expect(state.desiredState).toEqual({ apiVersion: '', workloads: {}, configs: {} });
      expect(cluster.getCompleteState(['desiredState.workloads.other']).desiredState.apiVersion).toBe('v1');
    });

    it('lists this agent with its tags and load', () => {
      const { cluster } = createCluster();
      cluster.setAgentLoad({ cpuUsage: 42, freeMemory: 1000 });
      expect(cluster.getCompleteState(['agents']).agents).toEqual({
        [AGENT]: { status: { cpuUsage: 42, freeMemory: 1000 }, tags: { region: 'munich' } },
      });
    });

    it('answers the SDK shape', () => {
      const { cluster, scheduler } = createCluster();
      cluster.applyManifest(manifest({ app: { runtimeConfig: 'image: a:1' } }));
      scheduler.advance(STARTED);
      expect(cluster.getSdkState(['workloadStates']).workload_states).toEqual({
        [AGENT]: { app: { [sha256('image: a:1')]: { state: 'RUNNING', substate: 'RUNNING_OK', additional_info: '' } } },
      });
    });

    it('renders what the server shows while this agent is disconnected', () => {
      const { cluster, scheduler } = createCluster();
      cluster.applyManifest(manifest({ app: {} }));
      scheduler.advance(STARTED);
      const view = cluster.getDisconnectedState();
      expect(Object.values(view.workloadStates[AGENT]['app'])[0].state).toBe('AgentDisconnected');
      expect(view.agents).toEqual({});
    });

    it('hands out copies: changing an answer changes nothing in the cluster', () => {
      const { cluster, scheduler, stateOf } = createCluster();
      cluster.applyManifest(manifest({ app: { image: 'reg/app:1.0' } }));
      scheduler.advance(STARTED);
      const answer = cluster.getCompleteState();
      answer.desiredState.workloads['app'].agent = 'someone-else';
      answer.agents[AGENT].tags['region'] = 'berlin';
      Object.values(cluster.workloadStates()['app'])[0].state = 'Failed';
      const sdkWorkloads = cluster.getSdkState().desired_state?.workloads ?? {};
      delete sdkWorkloads['app'];
      cluster.getDisconnectedState();
      expect(cluster.snapshot().workloads['app'].agent).toBe(AGENT);
      expect(cluster.getCompleteState().agents[AGENT].tags).toEqual({ region: 'munich' });
      expect(stateOf('app')).toBe('Running(Ok)');
    });

    it('reports the new version once the workloads change, also when it was asked before', () => {
      const { cluster } = createCluster();
      cluster.applyManifest(manifest({ app: { image: 'reg/app:1.0' } }));
      expect([cluster.version(), cluster.version()]).toEqual(['1.0', '1.0']);
      cluster.applyManifest(manifest({ app: { image: 'reg/app:2.0' } }));
      expect(cluster.version()).toBe('2.0');
      cluster.deleteManifest(manifest({ app: {} }));
      expect(cluster.version()).toBeNull();
    });

    it.each<[string, Record<string, string | null>, string | null]>([
      ['no workloads', {}, null],
      ['one image tag', { a: 'reg/a:1.2.4', b: 'reg/b:1.2.4' }, '1.2.4'],
      ['different tags', { a: 'reg/a:1.2.4', b: 'reg/b:1.2.3' }, 'mixed'],
    ])('reports the version for %s', (_name, images, version) => {
      const { cluster } = createCluster();
      const workloads = Object.fromEntries(Object.entries(images).map(([n, image]) => [n, { image: image ?? undefined }]));
      if (Object.keys(workloads).length) cluster.applyManifest(manifest(workloads));
      expect(cluster.version()).toBe(version);
    });
  });
});
