import { Logger } from '@nestjs/common';
import { flush } from '../../testing/symphony/symphony-harness';
import {
  overSameTables,
  posts,
  requestUpdate,
  withParkedCar,
} from '../../testing/updates/resumer-scenarios';
import type { LeaseService } from '../cluster/lease.service';
import type {
  DeadReplicaHandler,
  ReplicaPresence,
} from '../cluster/replica-presence';
import { UpdateResumer } from './update-resumer.service';

/** The replicas' presence rows as the leader sees them. */
class FakePresence {
  readonly alive = new Set<string>();
  readonly handlers: DeadReplicaHandler[] = [];
  onDead(handler: DeadReplicaHandler): void {
    this.handlers.push(handler);
  }
  async isAlive(id: string): Promise<boolean> {
    return this.alive.has(id);
  }
  async die(id: string): Promise<void> {
    this.alive.delete(id);
    for (const handler of this.handlers) await handler(id);
  }
}

/**
 * Replica `follower` recorded a single-car update and sent it; the car had not answered when the follower
 * died. `leader` is another API process over the same tables (its own resumer, leading).
 */
async function followerDiesMidUpdate() {
  const follower = await withParkedCar();
  follower.publisher.behaviour = () => undefined;
  const entry = await requestUpdate(follower, 'alice');
  await flush(30);
  // Stamped by the real repository when it records the entry.
  (
    follower.history.rows.get(entry.id) as { ownerReplica?: string }
  ).ownerReplica = 'follower';

  const leader = overSameTables(follower);
  await leader.addCar('c1');
  const presence = new FakePresence();
  presence.alive.add('follower');
  const lease = { isLeader: true, leadership$: { subscribe: () => ({}) } };
  const resumer = new UpdateResumer(
    leader.registry,
    leader.instances,
    leader.history,
    leader.updates,
    leader.runner,
    leader.clock,
    lease as unknown as LeaseService,
    presence as unknown as ReplicaPresence,
    'leader',
  );
  return { follower, leader, resumer, presence, entry, lease };
}

describe(`${UpdateResumer.name} with several replicas`, () => {
  beforeEach(() => {
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it("at its takeover the leader leaves a live replica's unfinished update alone", async () => {
    const { leader, resumer } = await followerDiesMidUpdate();

    await resumer.onApplicationBootstrap();
    await flush(30);

    expect(posts(leader)).toEqual([]);
    expect(
      [...leader.history.rows.values()].map((r) => r.ownerReplica),
    ).toEqual(['follower']);
  });

  it('when the replica dies, the leader sends its unfinished update again (same entry and job) and finishes it', async () => {
    const { leader, resumer, presence, entry } = await followerDiesMidUpdate();
    await resumer.onApplicationBootstrap();

    await presence.die('follower');
    await flush(30);

    expect(
      posts(leader).map((r) => [r.deployment.jobID, r.deployment.generation]),
    ).toEqual([[entry.jobId, '1']]);
    const history = (await leader.updates.historyPage('c1', 1, 10)).items;
    expect(history).toEqual([
      expect.objectContaining({ id: entry.id, result: 'succeeded' }),
    ]);
    expect(leader.history.rows.get(entry.id)?.ownerReplica).toBe('leader');
  });

  it('taken over once: a second report of the same dead replica sends nothing more', async () => {
    const { leader, resumer, presence } = await followerDiesMidUpdate();
    await resumer.onApplicationBootstrap();
    await presence.die('follower');
    await flush(30);

    await presence.die('follower');
    await flush(30);

    expect(posts(leader)).toHaveLength(1);
  });

  it('never sends again an update the car confirmed before the replica died', async () => {
    const { leader, resumer, presence, entry } = await followerDiesMidUpdate();
    const row = leader.history.rows.get(entry.id);
    if (row) row.result = 'succeeded';
    await resumer.onApplicationBootstrap();

    expect(await resumer.adopt('follower')).toBe(0);
    await presence.die('follower');
    await flush(30);

    expect(posts(leader)).toEqual([]);
  });

  it('another replica that claimed the entry first wins: this one does not send it', async () => {
    const { leader, resumer, presence, entry } = await followerDiesMidUpdate();
    await resumer.onApplicationBootstrap();
    await flush(30);
    leader.registry.setVehicleState('c1', 'driving');
    await presence.die('follower');
    // Meanwhile an earlier leader (still alive) took it over.
    presence.alive.add('old-leader');
    expect(await leader.history.claim(entry.id, 'follower', 'old-leader')).toBe(
      true,
    );

    leader.registry.setVehicleState('c1', 'parked');
    await flush(30);

    expect(posts(leader)).toEqual([]);
    expect(leader.history.rows.get(entry.id)?.ownerReplica).toBe('old-leader');
  });

  it('a follower adopts nothing', async () => {
    const { resumer, lease, presence, leader } = await followerDiesMidUpdate();
    lease.isLeader = false;
    await resumer.onApplicationBootstrap();

    await presence.die('follower');
    await flush(30);

    expect(posts(leader)).toEqual([]);
  });
});
