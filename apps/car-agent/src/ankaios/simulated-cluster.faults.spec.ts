import type { FaultRule } from '@fleet/shared/contracts';
import { SimulatedCluster } from './simulated-cluster';
import { createCluster, manifest } from './test-kit';

const STARTED = 1350;
const rule = (overrides: Partial<FaultRule>): FaultRule => ({ image: '*', fault: 'fail-start', probability: 1, ...overrides });

describe(SimulatedCluster.name, () => {
  describe('failed starts', () => {
    it('retries with exponential backoff and ends in Pending(StartingFailed)', () => {
      const { cluster, scheduler, stateOf, infoOf, logs } = createCluster({ retry: { maxRetries: 3 } });
      cluster.setFaultRules([rule({ fault: 'fail-start' })]);
      cluster.applyManifest(manifest({ app: { image: 'reg/app:2.0.0' } }));
      scheduler.advance(STARTED);
      const error = "fault injected: image 'reg/app:2.0.0' failed to start";
      expect([stateOf('app'), infoOf('app')]).toEqual(['Pending(Starting)', `Retry 1: ${error}`]);
      // Full jitter with random 0.5: half of 500 ms * 2^n before each retry, then a start of 1250 ms.
      scheduler.advance(250 + 1250);
      expect(infoOf('app')).toBe(`Retry 2: ${error}`);
      scheduler.advance(500 + 1250);
      expect(infoOf('app')).toBe(`Retry 3: ${error}`);
      scheduler.advance(1000 + 1249);
      expect(stateOf('app')).toBe('Pending(Starting)');
      scheduler.advance(1);
      expect([stateOf('app'), infoOf('app')]).toEqual(['Pending(StartingFailed)', `No more retries: ${error}`]);
      expect(cluster.health()).toEqual({ app: 'unhealthy' });
      expect(logs.filter((l) => l.workload === 'app' && l.message.startsWith('start failed'))).toHaveLength(4);
      expect(scheduler.pending()).toBe(0);
    });

    it('caps the backoff', () => {
      const { cluster, scheduler, infoOf } = createCluster({ retry: { maxRetries: 10, baseMs: 1000, maxMs: 2000 } });
      cluster.setFaultRules([rule({})]);
      cluster.applyManifest(manifest({ app: {} }));
      scheduler.advance(STARTED + (500 + 1250) + (1000 + 1250));
      expect(infoOf('app')).toMatch(/^Retry 3: /);
      scheduler.advance(1000 + 1250);
      expect(infoOf('app')).toMatch(/^Retry 4: /);
    });

    it('succeeds on a retry once the fault no longer hits', () => {
      const { cluster, scheduler, stateOf } = createCluster();
      cluster.setFaultRules([rule({})]);
      cluster.applyManifest(manifest({ app: {} }));
      scheduler.advance(STARTED);
      cluster.setFaultRules([]);
      scheduler.advance(250 + 1250);
      expect(stateOf('app')).toBe('Running(Ok)');
    });
  });

  describe('fault rules', () => {
    it.each<[string, Partial<FaultRule>, boolean]>([
      ['a matching glob', { image: 'reg/app:*' }, true],
      ['an exact image', { image: 'reg/app:1.0.0' }, true],
      ['a version glob', { image: '*:1.0.0' }, true],
      ['another image', { image: 'reg/other:*' }, false],
      ['another version', { image: '*:2.0.0' }, false],
      ['this region', { region: 'munich' }, true],
      ['another region', { region: 'berlin' }, false],
      ['a probability the random draw misses', { probability: 0.5 }, false],
      ['a probability of 0', { probability: 0 }, false],
    ])('applies to %s: %s', (_name, overrides, hits) => {
      const { cluster, scheduler, stateOf } = createCluster();
      cluster.setFaultRules([rule(overrides)]);
      cluster.applyManifest(manifest({ app: { image: 'reg/app:1.0.0' } }));
      scheduler.advance(STARTED);
      expect(stateOf('app')).toBe(hits ? 'Pending(Starting)' : 'Running(Ok)');
    });

    it('crashes a workload afterSeconds after Running(Ok) and restarts it per policy', () => {
      const { cluster, scheduler, stateOf, infoOf } = createCluster();
      cluster.setFaultRules([rule({ fault: 'crash', afterSeconds: 10 })]);
      cluster.applyManifest(manifest({ once: {}, always: { restartPolicy: 'ALWAYS' } }));
      scheduler.advance(STARTED + 9999);
      expect(stateOf('once')).toBe('Running(Ok)');
      scheduler.advance(1);
      expect([stateOf('once'), infoOf('once')]).toEqual(['Failed(ExecFailed)', 'crashed (fault injected) with exit code 137']);
      expect(stateOf('always')).toBe('Pending(Starting)');
    });

    it('crashes after 5 s when the rule gives no afterSeconds', () => {
      const { cluster, scheduler, stateOf } = createCluster();
      cluster.setFaultRules([rule({ fault: 'crash' })]);
      cluster.applyManifest(manifest({ app: {} }));
      scheduler.advance(STARTED + 5000);
      expect(stateOf('app')).toBe('Failed(ExecFailed)');
    });

    it('applies the rules of the time of each start only', () => {
      const { cluster, scheduler, stateOf } = createCluster();
      cluster.applyManifest(manifest({ app: {} }));
      scheduler.advance(STARTED);
      cluster.setFaultRules([rule({ fault: 'crash', afterSeconds: 1 })]);
      scheduler.advance(60_000);
      expect(stateOf('app')).toBe('Running(Ok)');
    });
  });

  describe('health', () => {
    it('is unknown until 3 s after Running(Ok), then healthy', () => {
      const { cluster, scheduler } = createCluster();
      cluster.applyManifest(manifest({ app: {} }));
      scheduler.advance(STARTED + 2999);
      expect(cluster.health()).toEqual({ app: 'unknown' });
      scheduler.advance(1);
      expect(cluster.health()).toEqual({ app: 'healthy' });
    });

    it('turns unhealthy when an unhealthy fault hits', () => {
      const { cluster, scheduler, stateOf } = createCluster();
      cluster.setFaultRules([rule({ fault: 'unhealthy' })]);
      cluster.applyManifest(manifest({ app: {} }));
      scheduler.advance(STARTED + 3000);
      expect([stateOf('app'), cluster.health()]).toEqual(['Running(Ok)', { app: 'unhealthy' }]);
    });

    it('is healthy first and unhealthy from afterSeconds on', () => {
      const { cluster, scheduler } = createCluster();
      cluster.setFaultRules([rule({ fault: 'unhealthy', afterSeconds: 20 })]);
      cluster.applyManifest(manifest({ app: {} }));
      scheduler.advance(STARTED + 3000);
      expect(cluster.health()).toEqual({ app: 'healthy' });
      scheduler.advance(17_000);
      expect(cluster.health()).toEqual({ app: 'unhealthy' });
    });

    it.each([
      ['Succeeded', 0, 'healthy'],
      ['Failed', 1, 'unhealthy'],
    ])('is %s -> %s', (_state, exitCode, health) => {
      const { cluster, scheduler } = createCluster();
      cluster.applyManifest(manifest({ app: { config: { exitAfterSeconds: 1, exitCode } } }));
      scheduler.advance(STARTED + 1000);
      expect(cluster.health()).toEqual({ app: health });
    });

    it('logs health changes', () => {
      const { cluster, scheduler, logs } = createCluster();
      cluster.applyManifest(manifest({ app: {} }));
      scheduler.advance(STARTED + 3000);
      expect(logs).toContainEqual({ workload: 'app', level: 'info', message: 'health unknown -> healthy' });
    });
  });
});
