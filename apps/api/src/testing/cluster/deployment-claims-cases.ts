import type { DataSource } from 'typeorm';
import {
  CLAIM_STALE_MS,
  DeploymentClaims,
} from '../../app/cluster/deployment-claims';
import { ReplicaRowStore } from '../../app/cluster/replica-presence';

const LIVE_FOR_MS = 60_000;

/**
 * The claims of two replicas (`a`, `b`), each with its own connection to one database, as two processes would
 * have; the same cases run on SQLite (`deployment-claims.spec.ts`) and on PostgreSQL
 * (`deployment-claims.postgres.spec.ts`), whose statements differ in their parameters and types.
 */
export function deploymentClaimsCases(
  connect: () => Promise<{ a: DataSource; b: DataSource }>,
): void {
  let sources: { a: DataSource; b: DataSource };
  let now: number;
  let a: DeploymentClaims;
  let b: DeploymentClaims;

  const rows = () =>
    sources.a.query(
      'SELECT car_id, holder, job_id FROM deployment_claims ORDER BY car_id',
    ) as Promise<{ car_id: string; holder: string; job_id: string }[]>;

  beforeEach(async () => {
    sources = await connect();
    now = Date.parse('2026-11-29T10:00:00.000Z');
    a = new DeploymentClaims(sources.a, 'replica-a', () => now);
    b = new DeploymentClaims(sources.b, 'replica-b', () => now);
    // Both replicas alive.
    await new ReplicaRowStore(sources.a).beat('replica-a', now + LIVE_FOR_MS);
    await new ReplicaRowStore(sources.b).beat('replica-b', now + LIVE_FOR_MS);
  });

  it('gives a car to one replica at a time: the other is told who runs it and which job, until it is released', async () => {
    expect(await a.take('c1', 'job-1')).toBeNull();
    expect(await b.take('c1', 'job-2')).toEqual({
      holder: 'replica-a',
      jobId: 'job-1',
    });
    // Another car is free.
    expect(await b.take('c2', 'job-3')).toBeNull();
    expect(await rows()).toEqual([
      { car_id: 'c1', holder: 'replica-a', job_id: 'job-1' },
      { car_id: 'c2', holder: 'replica-b', job_id: 'job-3' },
    ]);

    expect(a.results).toEqual({ taken: 1, refused: 0, failed: 0 });
    expect(b.results).toEqual({ taken: 1, refused: 1, failed: 0 });

    await a.release('c1', 'job-1');
    expect(await b.take('c1', 'job-2')).toBeNull();
    expect(await a.take('c1', 'job-4')).toEqual({
      holder: 'replica-b',
      jobId: 'job-2',
    });
  });

  it('lets the holder take its car again for a newer job; the older job’s release then leaves the claim alone', async () => {
    expect(await a.take('c1', 'job-1')).toBeNull();
    expect(await a.take('c1', 'job-2')).toBeNull();

    await a.release('c1', 'job-1');
    expect(await rows()).toEqual([
      { car_id: 'c1', holder: 'replica-a', job_id: 'job-2' },
    ]);
    // Only the holder's release counts.
    await b.release('c1', 'job-2');
    expect(await rows()).toHaveLength(1);
    await a.release('c1', 'job-2');
    expect(await rows()).toEqual([]);
  });

  it('takes a dead replica’s claim: its replica row expired or gone', async () => {
    expect(await a.take('c1', 'job-1')).toBeNull();
    expect(await a.take('c2', 'job-2')).toBeNull();
    const presence = new ReplicaRowStore(sources.b);

    await presence.expire('replica-a');
    expect(await b.take('c1', 'job-3')).toBeNull();

    await presence.forget('replica-a', now);
    expect(await b.take('c2', 'job-4')).toBeNull();
    expect(await rows()).toEqual([
      { car_id: 'c1', holder: 'replica-b', job_id: 'job-3' },
      { car_id: 'c2', holder: 'replica-b', job_id: 'job-4' },
    ]);
  });

  it('takes a live replica’s claim only once it is older than the stale limit', async () => {
    expect(await a.take('c1', 'job-1')).toBeNull();
    await new ReplicaRowStore(sources.a).beat(
      'replica-a',
      now + 2 * CLAIM_STALE_MS,
    );

    now += CLAIM_STALE_MS;
    expect(await b.take('c1', 'job-2')).toEqual({
      holder: 'replica-a',
      jobId: 'job-1',
    });
    now += 1;
    expect(await b.take('c1', 'job-2')).toBeNull();
  });

  it('takes the claims asked for in one turn in one statement, and releases them so too', async () => {
    expect(await b.take('c3', 'job-b')).toBeNull();
    const before = a.statements;

    const answers = await Promise.all(
      ['c1', 'c2', 'c3', 'c4'].map((car) => a.take(car, `job-${car}`)),
    );

    expect(answers).toEqual([
      null,
      null,
      { holder: 'replica-b', jobId: 'job-b' },
      null,
    ]);
    // One INSERT for the four, one SELECT for the refused car's holder.
    expect(a.statements - before).toBe(2);

    const released = a.statements;
    await Promise.all(
      ['c1', 'c2', 'c4'].map((car) => a.release(car, `job-${car}`)),
    );
    expect(a.statements - released).toBe(1);
    expect(await rows()).toEqual([
      { car_id: 'c3', holder: 'replica-b', job_id: 'job-b' },
    ]);
  });

  it('takes one car asked for twice in one turn one after the other (one row per car in a statement)', async () => {
    const before = a.statements;
    const answers = await Promise.all([
      a.take('c1', 'job-1'),
      a.take('c1', 'job-2'),
    ]);

    expect(answers).toEqual([null, null]);
    // The repeat went in a statement of its own.
    expect(a.statements - before).toBe(2);
    expect(await rows()).toEqual([
      { car_id: 'c1', holder: 'replica-a', job_id: 'job-2' },
    ]);
    expect(await b.take('c1', 'job-3')).toEqual({
      holder: 'replica-a',
      jobId: 'job-2',
    });
  });

  it('with one replica (no database given) claims nothing and refuses nothing', async () => {
    const single = new DeploymentClaims(null, 'replica-a');
    expect(single.enabled).toBe(false);
    expect(await a.take('c1', 'job-1')).toBeNull();

    expect(await single.take('c1', 'job-2')).toBeNull();
    await single.release('c1', 'job-1');
    expect(await rows()).toHaveLength(1);
  });
}
