import { SimulatedCluster } from './simulated-cluster';
import { createCluster, manifest } from './test-kit';

const STARTED = 1350;

describe(SimulatedCluster.name, () => {
  describe('dependencies', () => {
    it('keeps a workload in Pending(WaitingToStart) until its dependency runs', () => {
      const { cluster, scheduler, stateOf, logs } = createCluster();
      cluster.applyManifest(manifest({ logger: { dependencies: { storage: 'ADD_COND_RUNNING' } }, storage: {} }));
      scheduler.advance(100);
      expect([stateOf('logger'), stateOf('storage')]).toEqual(['Pending(WaitingToStart)', 'Pending(Starting)']);
      expect(logs).toContainEqual({ workload: 'logger', level: 'info', message: 'waiting to start until storage (ADD_COND_RUNNING)' });
      scheduler.advance(1250);
      expect([stateOf('logger'), stateOf('storage')]).toEqual(['Pending(Starting)', 'Running(Ok)']);
      scheduler.advance(1250);
      expect(stateOf('logger')).toBe('Running(Ok)');
    });

    it.each<[string, number, string]>([
      ['ADD_COND_SUCCEEDED', 0, 'Running(Ok)'],
      ['ADD_COND_SUCCEEDED', 1, 'Pending(WaitingToStart)'],
      ['ADD_COND_FAILED', 1, 'Running(Ok)'],
      ['ADD_COND_FAILED', 0, 'Pending(WaitingToStart)'],
    ])('starts on %s once the dependency exits with %s: %s', (condition, exitCode, state) => {
      const { cluster, scheduler, stateOf } = createCluster();
      const init = { config: { exitAfterSeconds: 1, exitCode } };
      cluster.applyManifest(manifest({ init, main: { dependencies: { init: condition } } } as never));
      scheduler.advance(STARTED + 1000 + 1250);
      expect(stateOf('main')).toBe(state);
    });

    it('waits for a dependency that does not exist yet', () => {
      const { cluster, scheduler, stateOf } = createCluster();
      cluster.applyManifest(manifest({ app: { dependencies: { later: 'ADD_COND_RUNNING' } } }));
      scheduler.advance(10_000);
      expect(stateOf('app')).toBe('Pending(WaitingToStart)');
      cluster.applyManifest(manifest({ later: {} }));
      scheduler.advance(STARTED + 1250);
      expect(stateOf('app')).toBe('Running(Ok)');
    });

    it('keeps a deleted dependency in Stopping(WaitingToStop) until its running dependents are gone', () => {
      const { cluster, scheduler, stateOf } = createCluster();
      cluster.applyManifest(manifest({ logger: { dependencies: { storage: 'ADD_COND_RUNNING' } }, storage: {} }));
      scheduler.advance(STARTED + 1250);
      cluster.deleteManifest(manifest({ storage: {} }));
      scheduler.advance(10_000);
      expect(stateOf('storage')).toBe('Stopping(WaitingToStop)');
      cluster.deleteManifest(manifest({ logger: {} }));
      expect([stateOf('logger'), stateOf('storage')]).toEqual(['Stopping(RequestedAtRuntime)', 'Stopping(RequestedAtRuntime)']);
      scheduler.advance(650);
      expect(cluster.workloadStates()).toEqual({});
    });

    it('deletes a dependency at once when its dependent only waits to start', () => {
      const { cluster, scheduler, stateOf } = createCluster();
      cluster.applyManifest(manifest({ a: { dependencies: { b: 'ADD_COND_RUNNING', c: 'ADD_COND_RUNNING' } }, b: {} }));
      scheduler.advance(STARTED);
      expect(stateOf('a')).toBe('Pending(WaitingToStart)');
      cluster.deleteManifest(manifest({ b: {} }));
      expect(stateOf('b')).toBe('Stopping(RequestedAtRuntime)');
    });

    it('does not hold back a dependency deleted with its dependent on ADD_COND_SUCCEEDED', () => {
      const { cluster, scheduler, stateOf } = createCluster();
      cluster.applyManifest(manifest({ main: { dependencies: { init: 'ADD_COND_SUCCEEDED' } }, init: { config: { exitAfterSeconds: 1 } } }));
      scheduler.advance(STARTED + 1000 + 1250);
      expect(stateOf('main')).toBe('Running(Ok)');
      cluster.deleteManifest(manifest({ init: {} }));
      expect(stateOf('init')).toBe('Stopping(RequestedAtRuntime)');
    });

    it('updates a dependency and its dependent together without deadlock', () => {
      const { cluster, scheduler, stateOf, cluster: c } = createCluster();
      const v1 = manifest({ app: { image: 'reg/app:1', dependencies: { db: 'ADD_COND_RUNNING' } }, db: { image: 'reg/db:1' } });
      c.applyManifest(v1);
      scheduler.advance(STARTED + 1250);
      cluster.applyManifest(manifest({ app: { image: 'reg/app:2', dependencies: { db: 'ADD_COND_RUNNING' } }, db: { image: 'reg/db:2' } }));
      scheduler.advance(30_000);
      expect([stateOf('app'), stateOf('db'), cluster.version()]).toEqual(['Running(Ok)', 'Running(Ok)', '2']);
      expect(Object.keys(cluster.workloadStates()['app'])).toHaveLength(1);
    });
  });
});
