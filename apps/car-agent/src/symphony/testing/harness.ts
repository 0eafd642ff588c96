import { SymphonyTargetAgent } from '../symphony-target-agent';
import type { SymphonyTimeouts } from '../options';
import type { SymphonyCluster } from '../ports';
import { AGENT, readAnswer, TARGET, type Answer } from './factories';
import { FakeCluster } from './fake-cluster';
import { FakeVehicle, ManualClock, silentLog } from './fakes';

export interface HarnessOptions<C extends SymphonyCluster> {
  cluster?: C;
  vehicle?: FakeVehicle;
  clock?: ManualClock;
  timeouts?: Partial<SymphonyTimeouts>;
  maxQueued?: number;
}

export function harness<C extends SymphonyCluster = FakeCluster>(options: HarnessOptions<C> = {}) {
  const cluster = options.cluster ?? (new FakeCluster() as unknown as C);
  const vehicle = options.vehicle ?? new FakeVehicle();
  const clock = options.clock ?? new ManualClock();
  const log = silentLog();
  const published: { topic: string; payload: string }[] = [];
  const agent = new SymphonyTargetAgent({
    targetName: TARGET,
    agentName: AGENT,
    cluster,
    vehicle,
    clock,
    log,
    publish: (topic, payload) => void published.push({ topic, payload }),
    timeouts: { healthTimeoutMs: 60_000, restoreTimeoutMs: 10_000, pollIntervalMs: 1_000, ...options.timeouts },
    maxQueued: options.maxQueued,
  });
  const answers = (): Answer[] => published.map((p) => readAnswer(p.payload));
  const last = (): Answer => {
    const all = answers();
    if (all.length === 0) throw new Error('nothing published');
    return all[all.length - 1];
  };
  return { agent, cluster, vehicle, clock, log, published, answers, last };
}
