import { SimulatedCluster } from './simulated-cluster';
import { createCluster, manifest } from './test-kit';

const STARTED = 1350;

describe(SimulatedCluster.name, () => {
  describe('change notifications', () => {
    it('fires once per operation and per timer that changed something', () => {
      const { cluster, scheduler } = createCluster();
      const listener = jest.fn();
      cluster.onChange(listener);
      cluster.applyManifest(manifest({ a: {}, b: {} }));
      expect(listener).toHaveBeenCalledTimes(1);
      scheduler.advance(100);
      expect(listener).toHaveBeenCalledTimes(3);
    });

    it('does not fire for a rejected update or a load report', () => {
      const { cluster } = createCluster();
      const listener = jest.fn();
      cluster.onChange(listener);
      cluster.applyManifest('apiVersion: v9');
      cluster.setAgentLoad({ cpuUsage: 1, freeMemory: 2 });
      expect(listener).not.toHaveBeenCalled();
    });

    it('stops calling a listener once unsubscribed, and survives a throwing one', () => {
      const { cluster } = createCluster();
      const listener = jest.fn();
      const unsubscribe = cluster.onChange(listener);
      cluster.onChange(() => {
        throw new Error('boom');
      });
      unsubscribe();
      expect(cluster.applyManifest(manifest({ a: {} })).error).toBeUndefined();
      expect(listener).not.toHaveBeenCalled();
    });
  });

  describe('stop', () => {
    it('clears every timer and calls nothing afterwards', () => {
      const { cluster, scheduler, logs } = createCluster();
      const listener = jest.fn();
      cluster.onChange(listener);
      cluster.applyManifest(manifest({ app: { restartPolicy: 'ALWAYS', config: { exitAfterSeconds: 1 } } }));
      scheduler.advance(STARTED);
      const logged = logs.length;
      listener.mockClear();
      cluster.stop();
      expect(scheduler.pending()).toBe(0);
      scheduler.advance(60_000);
      cluster.applyManifest(manifest({ other: {} }));
      expect(listener).not.toHaveBeenCalled();
      expect(logs).toHaveLength(logged);
      expect(scheduler.pending()).toBe(0);
    });
  });

  describe('persistence', () => {
    it('starts every workload again from a restored snapshot', () => {
      const first = createCluster();
      first.cluster.applyManifest(manifest({ app: {}, db: {} }, { configs: { c: 'x' } }));
      first.scheduler.advance(STARTED);
      const saved = first.cluster.snapshot();
      first.cluster.stop();

      const second = createCluster();
      second.cluster.restore(saved);
      expect([second.stateOf('app'), second.stateOf('db')]).toEqual(['Pending(Initial)', 'Pending(Initial)']);
      second.scheduler.advance(STARTED);
      expect([second.stateOf('app'), second.stateOf('db')]).toEqual(['Running(Ok)', 'Running(Ok)']);
      expect(second.cluster.snapshot()).toEqual(saved);
    });

    it('hands out copies', () => {
      const { cluster } = createCluster();
      cluster.applyManifest(manifest({ app: {} }));
      const snapshot = cluster.snapshot();
      delete snapshot.workloads['app'];
      expect(Object.keys(cluster.snapshot().workloads)).toEqual(['app']);
    });

    it('logs and keeps an empty state when the snapshot is invalid', () => {
      const { cluster, logs } = createCluster();
      cluster.restore({ apiVersion: 'v7', workloads: {}, configs: {} });
      expect(cluster.snapshot().workloads).toEqual({});
      expect(logs.some((l) => l.level === 'error' && l.message.includes('could not restore'))).toBe(true);
    });
  });

  describe('speed', () => {
    it('scales every duration', () => {
      const { cluster, scheduler, stateOf } = createCluster({ speed: 10 });
      cluster.applyManifest(manifest({ app: { config: { exitAfterSeconds: 10 } } }));
      scheduler.advance(135);
      expect(stateOf('app')).toBe('Running(Ok)');
      scheduler.advance(1000);
      expect(stateOf('app')).toBe('Succeeded(Ok)');
    });
  });

  describe('logs', () => {
    it('writes start, version, stop and cluster lines', () => {
      const { cluster, scheduler, logs } = createCluster();
      cluster.applyManifest(manifest({ app: { image: 'reg/app:1.2.4' } }));
      scheduler.advance(STARTED);
      cluster.deleteManifest(manifest({ app: {} }));
      scheduler.advance(650);
      expect(logs.map((l) => `${l.workload} ${l.level} ${l.message}`)).toEqual([
        'ank-agent info state updated: 1 workload(s) added, 0 deleted',
        'app info starting image reg/app:1.2.4 (version 1.2.4) (runtime simulated)',
        'app info running image reg/app:1.2.4 (version 1.2.4)',
        'app info stopping',
        'ank-agent info state updated: 0 workload(s) added, 1 deleted',
        'app info removed',
      ]);
    });
  });
});
