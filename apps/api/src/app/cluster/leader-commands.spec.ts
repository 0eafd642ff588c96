import {
  ConflictException,
  HttpException,
  NotFoundException,
} from '@nestjs/common';
import { BehaviorSubject } from 'rxjs';
import type { ClusterMessage } from './cluster-bus';
import { LeaderCommands, MAX_PENDING, REQUEST_TOPIC } from './leader-commands';
import type { LeaseService } from './lease.service';
import { InMemoryClusterHub } from './testing-bus';

function fakeLease(leader: boolean) {
  const subject = new BehaviorSubject(leader);
  return {
    get isLeader() {
      return subject.value;
    },
    leadership$: subject.asObservable(),
    set(value: boolean) {
      subject.next(value);
    },
  };
}

describe(LeaderCommands.name, () => {
  const hub = new InMemoryClusterHub();
  const options = { name: 'rollout-engine', ttlMs: 3000, cluster: true };
  let leaderLease: ReturnType<typeof fakeLease>;
  let followerLease: ReturnType<typeof fakeLease>;
  let onLeader: LeaderCommands;
  let onFollower: LeaderCommands;
  let ran: string[];

  beforeEach(() => {
    hub.up = true;
    hub.published.length = 0;
    ran = [];
    leaderLease = fakeLease(true);
    followerLease = fakeLease(false);
    onLeader = new LeaderCommands(
      hub.busFor('a'),
      leaderLease as unknown as LeaseService,
      'a',
      options,
    );
    onFollower = new LeaderCommands(
      hub.busFor('b'),
      followerLease as unknown as LeaseService,
      'b',
      options,
    );
    for (const replica of [onLeader, onFollower]) {
      replica.onModuleInit();
      replica.register('things.rename', async ([id, to]) => {
        ran.push(`${String(id)}->${String(to)}`);
        if (id === 'missing')
          throw new NotFoundException(`thing ${id} not found`);
        if (id === 'busy') throw new ConflictException('thing busy is locked');
        return { id, name: to };
      });
    }
  });

  afterEach(() => {
    onLeader.onModuleDestroy();
    onFollower.onModuleDestroy();
  });

  it('runs locally on the leader without a message', async () => {
    const local = jest.fn(async () => 'here');
    await expect(
      onLeader.run('things.rename', ['x', 'y'], local),
    ).resolves.toBe('here');
    expect(local).toHaveBeenCalledTimes(1);
    expect(hub.published).toHaveLength(0);
  });

  it('a follower has the leader run it and answers with its result', async () => {
    const local = jest.fn();
    await expect(
      onFollower.run('things.rename', ['x', 'y'], local),
    ).resolves.toEqual({ id: 'x', name: 'y' });
    expect(local).not.toHaveBeenCalled();
    expect(ran).toEqual(['x->y']);
  });

  it("passes the leader's HTTP errors on with their status and message", async () => {
    const missing = onFollower.run(
      'things.rename',
      ['missing', 'y'],
      jest.fn(),
    );
    await expect(missing).rejects.toBeInstanceOf(HttpException);
    await expect(missing).rejects.toMatchObject({
      status: 404,
      response: { message: 'thing missing not found' },
    });
    await expect(
      onFollower.run('things.rename', ['busy', 'y'], jest.fn()),
    ).rejects.toMatchObject({ status: 409 });
  });

  it('runs a request delivered twice only once', async () => {
    await onFollower.run('things.rename', ['x', 'y'], jest.fn());
    const request = hub.published.find((m) => m.topic === REQUEST_TOPIC);
    hub.messages.next(request as ClusterMessage);
    await new Promise((r) => setTimeout(r, 20));
    expect(ran).toEqual(['x->y']);
  });

  it('ignores malformed requests and unknown commands get 501', async () => {
    hub.messages.next({ topic: REQUEST_TOPIC, from: 'b', body: { id: 5 } });
    hub.messages.next({
      topic: REQUEST_TOPIC,
      from: 'b',
      body: { id: 'x', command: 'c', args: 'no', replyTo: 'b' },
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(ran).toEqual([]);
    await expect(
      onFollower.run('things.delete', ['x'], jest.fn()),
    ).rejects.toMatchObject({ status: 501 });
  });

  it('answers 503 when no leader answers in time, and when the broker refuses the request', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate'] });
    try {
      leaderLease.set(false);
      const waiting = onFollower.run('things.rename', ['x', 'y'], jest.fn());
      const assertion = expect(waiting).rejects.toMatchObject({ status: 503 });
      jest.advanceTimersByTime(20_000);
      await assertion;
      expect(ran).toEqual([]);
    } finally {
      jest.useRealTimers();
    }
    hub.up = false;
    await expect(
      onFollower.run('things.rename', ['x', 'y'], jest.fn()),
    ).rejects.toMatchObject({ status: 503 });
  });

  it(`refuses more than ${MAX_PENDING} requests waiting at once`, async () => {
    leaderLease.set(false);
    const waiting = Array.from({ length: MAX_PENDING }, () =>
      onFollower
        .run('things.rename', ['x', 'y'], jest.fn())
        .catch((e: HttpException) => e),
    );
    await expect(
      onFollower.run('things.rename', ['x', 'y'], jest.fn()),
    ).rejects.toMatchObject({ status: 503 });
    onFollower.onModuleDestroy();
    expect(
      (await Promise.all(waiting)).every(
        (e) => (e as HttpException).getStatus() === 503,
      ),
    ).toBe(true);
  });
});
