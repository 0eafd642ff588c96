import { deploymentClaimsCases } from '../../testing/cluster/deployment-claims-cases';
import { twoReplicas } from '../../testing/cluster/two-replicas';
import { DeploymentClaims } from './deployment-claims';

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
});
