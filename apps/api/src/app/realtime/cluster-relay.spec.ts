import { InMemoryClusterHub } from '../cluster/testing-bus';
import { AppConfigService } from '../config/app-config.service';
import { appConfig } from '../../testing/factories';
import { ClusterRelay, RelayedEvent } from './cluster-relay';

const settle = () => new Promise((r) => setImmediate(r));
const progress = { id: 'r1', status: 'running', stages: [], at: 'now' };

describe(ClusterRelay.name, () => {
  const relays: ClusterRelay[] = [];

  function relay(hub: InMemoryClusterHub, id: string, enabled = true) {
    const config = new AppConfigService(
      appConfig({ cluster: { enabled, leaseTtlSeconds: 15 } }),
    );
    const r = new ClusterRelay(config, hub.busFor(id));
    r.onModuleInit();
    const seen: RelayedEvent[] = [];
    r.incoming$.subscribe((e) => seen.push(e));
    relays.push(r);
    return { relay: r, seen };
  }

  afterEach(() => relays.splice(0).forEach((r) => r.onModuleDestroy()));

  it("hands the leader's rollout progress to the other replicas, never back to itself", async () => {
    const hub = new InMemoryClusterHub();
    const a = relay(hub, 'a');
    const b = relay(hub, 'b');

    a.relay.publish('rollout.progress', progress);
    await settle();

    expect(b.seen).toEqual([{ event: 'rollout.progress', payload: progress }]);
    expect(a.seen).toEqual([]);
  });

  it('relays no car events (every replica has them from the broker) and drops malformed messages', async () => {
    const hub = new InMemoryClusterHub();
    const a = relay(hub, 'a');
    const b = relay(hub, 'b');

    a.relay.publish('cars.changed', { cars: [] });
    hub.messages.next({
      topic: 'events',
      from: 'a',
      body: { event: 'rollout.progress', payload: 'x' },
    });
    hub.messages.next({
      topic: 'events',
      from: 'a',
      body: { event: 'cars.removed', payload: { ids: [] } },
    });
    await settle();

    expect(hub.published).toHaveLength(0);
    expect(b.seen).toEqual([]);
  });

  it('a single replica (CLUSTER off) publishes nothing', async () => {
    const hub = new InMemoryClusterHub();
    const a = relay(hub, 'a', false);
    a.relay.publish('rollout.progress', progress);
    await settle();
    expect(hub.published).toHaveLength(0);
  });
});
