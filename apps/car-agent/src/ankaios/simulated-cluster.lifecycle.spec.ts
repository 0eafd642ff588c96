import { SimulatedCluster } from './simulated-cluster';
import { createCluster, manifest, type TestWorkload } from './test-kit';

/** Start = dispatch 100 ms + start 1250 ms with random 0.5 at speed 1. */
const STARTED = 1350;

describe(SimulatedCluster.name, () => {
  describe('workload lifecycle', () => {
    it('goes Pending(Initial) -> Pending(Starting) -> Running(Ok)', () => {
      const { cluster, scheduler, stateOf, infoOf } = createCluster();
      cluster.applyManifest(manifest({ app: {} }));
      expect(stateOf('app')).toBe('Pending(Initial)');
      scheduler.advance(100);
      expect([stateOf('app'), infoOf('app')]).toEqual(['Pending(Starting)', 'Triggered at runtime.']);
      scheduler.advance(1249);
      expect(stateOf('app')).toBe('Pending(Starting)');
      scheduler.advance(1);
      expect(stateOf('app')).toBe('Running(Ok)');
    });

    it.each<[string, TestWorkload, string, string]>([
      ['exit code 0', { config: { exitAfterSeconds: 2, exitCode: 0 } }, 'Succeeded(Ok)', ''],
      ['exit code 3', { config: { exitAfterSeconds: 2, exitCode: 3 } }, 'Failed(ExecFailed)', 'exited with exit code 3'],
      ['no exit code', { config: { exitAfterSeconds: 2 } }, 'Succeeded(Ok)', ''],
    ])('ends a simulated workload by its %s', (_name, workload, state, info) => {
      const { cluster, scheduler, stateOf, infoOf } = createCluster();
      cluster.applyManifest(manifest({ app: workload }));
      scheduler.advance(STARTED + 1999);
      expect(stateOf('app')).toBe('Running(Ok)');
      scheduler.advance(1);
      expect([stateOf('app'), infoOf('app')]).toEqual([state, info]);
    });

    it.each<[string, string, number, boolean]>([
      ['NEVER', 'a failure', 1, false],
      ['NEVER', 'a success', 0, false],
      ['ON_FAILURE', 'a failure', 1, true],
      ['ON_FAILURE', 'a success', 0, false],
      ['ALWAYS', 'a failure', 1, true],
      ['ALWAYS', 'a success', 0, true],
    ])('with restartPolicy %s after %s restarts: %s', (restartPolicy, _name, exitCode, restarts) => {
      const { cluster, scheduler, stateOf } = createCluster();
      const workload = { restartPolicy, config: { exitAfterSeconds: 2, exitCode } } as TestWorkload;
      cluster.applyManifest(manifest({ app: workload }));
      scheduler.advance(STARTED + 2000);
      expect(stateOf('app')).toBe(restarts ? 'Pending(Starting)' : exitCode ? 'Failed(ExecFailed)' : 'Succeeded(Ok)');
      scheduler.advance(1250);
      expect(stateOf('app')).toBe(restarts ? 'Running(Ok)' : exitCode ? 'Failed(ExecFailed)' : 'Succeeded(Ok)');
    });

    it('without a restartPolicy never restarts (the default is NEVER)', () => {
      const { cluster, scheduler, stateOf } = createCluster();
      cluster.applyManifest(manifest({ app: { config: { exitAfterSeconds: 1, exitCode: 1 } } }));
      scheduler.advance(60_000);
      expect(stateOf('app')).toBe('Failed(ExecFailed)');
    });

    it('stops a deleted workload: Stopping(RequestedAtRuntime) -> Stopping(Stopping) -> gone', () => {
      const { cluster, scheduler, stateOf } = createCluster();
      cluster.applyManifest(manifest({ app: {} }));
      scheduler.advance(STARTED);
      const response = cluster.deleteManifest(manifest({ app: {} }));
      expect(response.deleted_workloads.map((w) => w.workload_name)).toEqual(['app']);
      expect(stateOf('app')).toBe('Stopping(RequestedAtRuntime)');
      scheduler.advance(325);
      expect(stateOf('app')).toBe('Stopping(Stopping)');
      scheduler.advance(325);
      expect(cluster.workloadStates()).toEqual({});
    });

    it('shows Stopping(DeleteFailed) when the runtime fails to delete, then tries again', () => {
      const { cluster, scheduler, stateOf } = createCluster();
      cluster.applyManifest(manifest({ app: { config: { deleteFails: true } } }));
      scheduler.advance(STARTED);
      cluster.deleteManifest(manifest({ app: {} }));
      scheduler.advance(650);
      expect(stateOf('app')).toBe('Stopping(DeleteFailed)');
      scheduler.advance(1000 + 650);
      expect(cluster.workloadStates()).toEqual({});
    });

    it('removes a workload deleted before it started without stopping it', () => {
      const { cluster, stateOf } = createCluster();
      cluster.applyManifest(manifest({ app: {} }));
      cluster.deleteManifest(manifest({ app: {} }));
      expect(stateOf('app')).toBeUndefined();
    });

    it.each<['lost' | 'unknown', string]>([
      ['lost', 'Failed(Lost)'],
      ['unknown', 'Failed(Unknown)'],
    ])('reports a %s workload as %s', (kind, state) => {
      const { cluster, scheduler, stateOf } = createCluster();
      cluster.applyManifest(manifest({ app: { restartPolicy: 'ALWAYS' } }));
      scheduler.advance(STARTED);
      cluster.simulateRuntimeEvent('app', kind);
      scheduler.advance(10_000);
      expect(stateOf('app')).toBe(state);
      expect(cluster.health()).toEqual({ app: 'unhealthy' });
    });

    it('shows a workload without agent as NotScheduled and one of another agent as Pending(Initial)', () => {
      const { cluster, scheduler } = createCluster();
      const response = cluster.applyManifest(manifest({ nowhere: { agent: '' }, elsewhere: { agent: 'car-2' } }));
      scheduler.advance(10_000);
      const states = cluster.getCompleteState(['workloadStates']).workloadStates;
      const only = (agent: string, name: string) => Object.values(states[agent][name]);
      expect(only('', 'nowhere')).toEqual([{ state: 'NotScheduled', subState: '', additionalInfo: '' }]);
      expect(only('car-2', 'elsewhere')).toEqual([{ state: 'Pending', subState: 'Initial', additionalInfo: '' }]);
      expect(response.added_workloads.map((w) => w.agent_name).sort()).toEqual(['', 'car-2']);
      cluster.deleteManifest(manifest({ nowhere: {}, elsewhere: {} }));
      expect(cluster.getCompleteState(['workloadStates']).workloadStates).toEqual({});
    });
  });
});
