import type { DataSource } from 'typeorm';
import { deploymentClaimsCases } from '../../testing/cluster/deployment-claims-cases';
import { twoReplicas } from '../../testing/cluster/two-replicas';
import { CLAIM_STALE_MS, DeploymentClaims } from './deployment-claims';

/** Two connections to one SQLite file made by the migrations, as two processes would have. */
describe(`${DeploymentClaims.name} (SQLite)`, () => {
  let replicas: Awaited<ReturnType<typeof twoReplicas>> | undefined;

  afterEach(async () => {
    await replicas?.dispose();
    replicas = undefined;
  });

  deploymentClaimsCases(async () => {
    replicas = await twoReplicas();
    return { a: replicas.a, b: replicas.b };
  });
});

describe(`${DeploymentClaims.name}: a statement that fails`, () => {
  let replicas: Awaited<ReturnType<typeof twoReplicas>> | undefined;

  afterEach(async () => {
    await replicas?.dispose();
    replicas = undefined;
  });

  it('answers the claims it took even when the look at the refused cars’ holders fails', async () => {
    replicas = await twoReplicas();
    const { a, other, claims } = replicas;
    // Every SELECT of this connection fails (a connection lost between the two statements).
    const failing = new Proxy(a, {
      get(target, property, receiver) {
        if (property !== 'query')
          return Reflect.get(target, property, receiver);
        return (sql: string, parameters?: unknown[]) =>
          sql.trimStart().startsWith('SELECT')
            ? Promise.reject(new Error('connection lost'))
            : target.query(sql, parameters);
      },
    });

    const mine = new DeploymentClaims(failing, 'replica-a');
    expect(await other.take('c2', 'job-b')).toBeNull();

    const [c1, c2] = await Promise.allSettled([
      mine.take('c1', 'job-1'),
      mine.take('c2', 'job-2'),
    ]);

    expect(c1).toEqual({ status: 'fulfilled', value: null });
    expect(c2).toMatchObject({
      status: 'rejected',
      reason: new Error('connection lost'),
    });
    expect(await claims()).toEqual(
      expect.arrayContaining([
        { car_id: 'c1', holder: 'replica-a', job_id: 'job-1' },
        { car_id: 'c2', holder: 'replica-b', job_id: 'job-b' },
      ]),
    );
  });

  /** Replica a's connection whose DELETEs fail while `down` says so. */
  const deletesFail = (source: DataSource, down: () => boolean) =>
    new Proxy(source, {
      get(target, property, receiver) {
        if (property !== 'query')
          return Reflect.get(target, property, receiver);
        return (sql: string, parameters?: unknown[]) =>
          down() && sql.trimStart().startsWith('DELETE')
            ? Promise.reject(new Error('connection lost'))
            : target.query(sql, parameters);
      },
    });

  /**
   * Replica a with the DELETEs of its connection failing while `down` is set, its failed releases tried again
   * after 20 ms: it has taken c1 and c2 and released both while down.
   */
  async function releasedWhileDown(now: () => number = Date.now) {
    replicas = await twoReplicas();
    const link = { down: true };
    const mine = new DeploymentClaims(
      deletesFail(replicas.a, () => link.down),
      'replica-a',
      () => now(),
      20,
    );
    expect(await mine.take('c1', 'job-1')).toBeNull();
    expect(await mine.take('c2', 'job-2')).toBeNull();
    await Promise.all([
      mine.release('c1', 'job-1'),
      mine.release('c2', 'job-2'),
    ]);
    expect(mine.releasesOwed).toBe(2);
    return { ...replicas, mine, link };
  }

  it('tries a failed release again until it goes through, so the other replicas get the car back', async () => {
    const { other, claims, mine, link } = await releasedWhileDown();
    try {
      expect(await other.take('c1', 'job-b')).toMatchObject({
        holder: 'replica-a',
      });
      // Still down at the next try: owed again, not lost.
      await waitUntil(() => mine.statements >= 4);
      expect(mine.releasesOwed).toBe(2);

      link.down = false;
      await waitUntil(async () => (await claims()).length === 0);
      expect(mine.releasesOwed).toBe(0);
      expect(await other.take('c1', 'job-b')).toBeNull();
    } finally {
      mine.onModuleDestroy();
    }
  });

  it('drops a failed release once the claim would be stale anyway, and a retry never deletes a newer claim', async () => {
    let now = Date.now();
    const { claims, mine, link } = await releasedWhileDown(() => now);
    try {
      // This replica deploys c1 again (a newer job) before the retry.
      expect(await mine.take('c1', 'job-3')).toBeNull();
      link.down = false;
      await waitUntil(async () => mine.releasesOwed === 0);
      await waitUntil(async () => (await claims()).length === 1);
      expect(await claims()).toEqual([
        { car_id: 'c1', holder: 'replica-a', job_id: 'job-3' },
      ]);

      link.down = true;
      await mine.release('c1', 'job-3');
      expect(mine.releasesOwed).toBe(1);
      now += CLAIM_STALE_MS;
      const before = mine.statements;
      await waitUntil(() => mine.releasesOwed === 0);
      await new Promise((resolve) => setTimeout(resolve, 60));
      expect(mine.statements).toBe(before);
      expect(await claims()).toHaveLength(1);
    } finally {
      mine.onModuleDestroy();
    }
  });
});

async function waitUntil(
  check: () => boolean | Promise<boolean>,
): Promise<void> {
  const until = Date.now() + 5_000;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
