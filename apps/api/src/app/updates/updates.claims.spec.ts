import { twoReplicas } from '../../testing/cluster/two-replicas';
import { flush } from '../../testing/symphony/symphony-harness';
import { updatesHarness } from '../../testing/updates/updates-harness';
import { DeploymentClaims } from '../cluster/deployment-claims';
import { ReplicaRowStore } from '../cluster/replica-presence';
import { UNSENT_RETRY_MS } from './update-resumer.service';
import { UpdatesService } from './updates.service';

const request = (carId: string, version: string) => ({
  carId,
  version,
  kind: 'update' as const,
  actor: 'alice',
});

/**
 * This replica (`replica-a`, the harness) and another one (`replica-b`, only its claims), on one SQLite file
 * as two processes would share a database: a car's deployment runs on one replica at a time.
 */
describe(`${UpdatesService.name} with several replicas`, () => {
  let replicas: Awaited<ReturnType<typeof twoReplicas>> | undefined;

  async function setup() {
    replicas = await twoReplicas();
    const h = updatesHarness({ claims: replicas.mine });
    await h.seed();
    h.carsReportInstalledVersions();
    await h.addCar('c1');
    return {
      h,
      a: replicas.a,
      other: replicas.other,
      otherPresence: new ReplicaRowStore(replicas.b),
      claims: replicas.claims,
    };
  }

  afterEach(async () => {
    await flush(30);
    await replicas?.dispose();
    replicas = undefined;
  });

  it('refuses an update (409, naming the replica and its job) while another replica deploys the car; nothing is written or sent', async () => {
    const { h, other } = await setup();
    expect(await other.take('c1', 'job-b')).toBeNull();

    await expect(
      h.updates.request(request('c1', '1.2.4')),
    ).rejects.toMatchObject({
      status: 409,
      message:
        'car c1 has an update in flight on another API replica (replica-b, job job-b); wait until it finishes',
    });
    expect((await h.updates.historyPage('c1', 1, 10)).total).toBe(0);
    expect(h.publisher.requests).toEqual([]);
    expect(h.registry.get('c1')?.updateState).not.toBe('updating');
  });

  it('holds the car’s claim while its deployment runs', async () => {
    const { h, other, claims } = await setup();
    // The car never answers: the deployment stays in flight.
    h.publisher.behaviour = () => undefined;

    const entry = await h.updates.request(request('c1', '1.2.4'));
    await flush(30);

    expect(h.publisher.methods()).toEqual(['GET']);
    expect(await claims()).toEqual([
      { car_id: 'c1', holder: 'replica-a', job_id: entry.jobId },
    ]);
    expect(await other.take('c1', 'job-b')).toEqual({
      holder: 'replica-a',
      jobId: entry.jobId,
    });
  });

  it('releases the claim when the deployment ends: the other replica may then deploy the car', async () => {
    const { h, other, claims } = await setup();

    const entry = await h.updates.request(request('c1', '1.2.4'));
    await flush(30);

    const [finished] = (await h.updates.historyPage('c1', 1, 10)).items;
    expect(finished).toMatchObject({ id: entry.id, result: 'succeeded' });
    expect(await claims()).toEqual([]);
    expect(await other.take('c1', 'job-b')).toBeNull();
  });

  it('resends an unfinished entry only once no live replica deploys the car', async () => {
    const { h, other, otherPresence, claims } = await setup();
    // An entry left pending by a stopped replica (its Instance written by an earlier update).
    const earlier = await h.updates.request(request('c1', '1.2.4'));
    await flush(30);
    const stored = await h.history.findById(earlier.id);
    if (!stored) throw new Error('the earlier update was not recorded');
    const pending = {
      ...stored,
      id: 'entry-2',
      jobId: 'entry-2',
      result: 'pending' as const,
      phase: 'queued' as const,
      finishedAt: null,
    };
    await h.history.insert(pending);
    expect(await other.take('c1', 'job-b')).toBeNull();
    const sent = h.publisher.requests.length;

    expect(await h.updates.resend(pending)).toBe(false);
    await flush(30);
    expect(h.publisher.requests.length).toBe(sent);
    expect((await h.history.findById('entry-2'))?.result).toBe('pending');

    await otherPresence.expire('replica-b');
    expect(await h.updates.resend(pending)).toBe(true);
    await flush(30);
    expect(h.publisher.methods().slice(sent)).toEqual(['GET', 'POST']);
    expect((await h.history.findById('entry-2'))?.result).toBe('succeeded');
    expect(await claims()).toEqual([]);
  });

  it('after a restart, sends an unfinished deployment again only once another replica’s deployment of the car has ended', async () => {
    const { h, a, other } = await setup();
    h.publisher.behaviour = () => undefined;
    const entry = await h.updates.request(request('c1', '1.2.4'));
    await flush(30);
    // replica-a stops (its claim free to take); replica-b deploys the car meanwhile.
    await new ReplicaRowStore(a).expire('replica-a');
    expect(await other.take('c1', 'job-b')).toBeNull();
    const restarted = updatesHarness({
      claims: new DeploymentClaims(a, 'replica-c'),
    });
    await new ReplicaRowStore(a).beat('replica-c', Date.now() + 60_000);
    for (const [key, row] of h.objects.rows)
      restarted.objects.rows.set(key, row);
    for (const [key, row] of h.history.rows)
      restarted.history.rows.set(key, row);
    restarted.carsReportInstalledVersions();
    await restarted.resumer.onApplicationBootstrap();

    await restarted.addCar('c1');
    await flush(30);
    expect(restarted.publisher.requests).toEqual([]);
    // Still owed, and tried again after the wait.
    expect(restarted.resumer.pendingByReason().sent).toBe(1);

    await other.release('c1', 'job-b');
    restarted.clock.advance(UNSENT_RETRY_MS);
    await flush(30);
    expect(
      restarted.publisher.requests.map((r) => [
        r.envelope.method,
        r.deployment.jobID,
      ]),
    ).toEqual([
      ['GET', entry.jobId],
      ['POST', entry.jobId],
    ]);
    expect((await restarted.history.findById(entry.id))?.result).toBe(
      'succeeded',
    );
  });

  it('answers 503 and writes nothing when the other replicas’ deployments cannot be checked', async () => {
    const { h, a } = await setup();
    await a.destroy();

    await expect(
      h.updates.request(request('c1', '1.2.4')),
    ).rejects.toMatchObject({ status: 503 });
    expect((await h.updates.historyPage('c1', 1, 10)).total).toBe(0);
    expect(h.publisher.requests).toEqual([]);
  });
});
