import { FleetConnectorTopics } from '@fleet/shared/contracts';
import type { ManifestResponse } from '@fleet/shared/contracts';
import { TextRecordingPublisher } from '../../../testing/ankaios-harness';
import { settle } from '../../../testing/cars-harness';
import { FakeClock } from '../../../testing/fake-clock';
import {
  ConnectorBusyError,
  ConnectorTimeoutError,
  ConnectorUnreachableError,
} from './connector-errors';
import {
  FleetConnectorClient,
  MANIFEST_TIMEOUT_MS,
  MAX_MANIFESTS_PER_CAR,
  STATE_TIMEOUT_MS,
} from './fleet-connector.client';

const CAR = 'car-1';
const MANIFEST = 'apiVersion: v1\nworkloads:\n  nav: {}\n';

function setup() {
  const clock = new FakeClock();
  const publisher = new TextRecordingPublisher();
  const client = new FleetConnectorClient(publisher, clock);
  return { clock, publisher, client };
}

const added = (...names: string[]): ManifestResponse => ({
  added_workloads: names.map((n) => ({
    agent_name: CAR,
    workload_name: n,
    workload_id: `${n}-id`,
  })),
  deleted_workloads: [],
});

describe(FleetConnectorClient.name, () => {
  describe('requestState', () => {
    it('publishes an empty mask list and resolves with the car’s answer; callers share one open request', async () => {
      const { client, publisher } = setup();

      const first = client.requestState(CAR);
      const second = client.requestState(CAR);
      expect(client.takeStateAnswer(CAR, { agents: {} })).toBe(true);

      await expect(first).resolves.toEqual({ agents: {} });
      await expect(second).resolves.toEqual({ agents: {} });
      expect(publisher.published).toEqual([
        {
          topic: FleetConnectorTopics.stateRequest(CAR),
          payload: [],
          retain: false,
        },
      ]);
      expect(client.takeStateAnswer(CAR, {})).toBe(false);
    });

    it('rejects after 10 s without an answer and forgets the request', async () => {
      const { client, clock } = setup();
      const answer = client.requestState(CAR);

      clock.advance(STATE_TIMEOUT_MS);

      await expect(answer).rejects.toBeInstanceOf(ConnectorTimeoutError);
      expect(client.inFlight.states).toBe(0);
      expect(clock.pendingTimers).toBe(0);
    });

    it('rejects at once when the broker cannot take the request', async () => {
      const { client, publisher, clock } = setup();
      publisher.failWith = new Error('broker down');

      await expect(client.requestState(CAR)).rejects.toBeInstanceOf(
        ConnectorUnreachableError,
      );
      expect(clock.pendingTimers).toBe(0);
    });
  });

  describe('requests the broker confirms late or cannot take', () => {
    it('refuses at once without a broker connection, publishing nothing', async () => {
      const { client, publisher } = setup();
      publisher.isConnected = false;

      await expect(client.requestState(CAR)).rejects.toBeInstanceOf(
        ConnectorUnreachableError,
      );
      await expect(
        client.sendManifest(CAR, 'apply', MANIFEST, ['nav']),
      ).rejects.toBeInstanceOf(ConnectorUnreachableError);
      expect(publisher.published).toEqual([]);
    });

    it('still takes the answer to a manifest confirmed late, and withdraws nothing', async () => {
      const { client, publisher } = setup();
      publisher.unacknowledged = true;
      const answer = client.sendManifest(CAR, 'apply', MANIFEST, ['nav']);
      await settle();

      expect(client.takeManifestAnswer(CAR, 'apply', added('nav'))).toBe(true);
      await expect(answer).resolves.toEqual(added('nav'));
      expect(publisher.withdrawn).toEqual([]);
    });

    it('withdraws a manifest and a state request confirmed late once their timeouts pass without an answer', async () => {
      const { client, publisher, clock } = setup();
      publisher.unacknowledged = true;
      const manifest = client.sendManifest(CAR, 'apply', MANIFEST, ['nav']);
      const state = client.requestState(CAR);
      await settle();
      expect(publisher.withdrawn).toEqual([]);

      clock.advance(MANIFEST_TIMEOUT_MS);
      await expect(manifest).rejects.toBeInstanceOf(ConnectorTimeoutError);
      await expect(state).rejects.toBeInstanceOf(ConnectorTimeoutError);
      expect(publisher.withdrawn.sort()).toEqual(
        [
          FleetConnectorTopics.applyRequest(CAR),
          FleetConnectorTopics.stateRequest(CAR),
        ].sort(),
      );
    });
  });

  describe('sendManifest', () => {
    it('publishes the YAML text as is and resolves with the matching answer', async () => {
      const { client, publisher } = setup();

      const answer = client.sendManifest(CAR, 'apply', MANIFEST, ['nav']);
      await settle();
      expect(publisher.published).toEqual([
        {
          topic: FleetConnectorTopics.applyRequest(CAR),
          payload: MANIFEST,
          retain: false,
        },
      ]);
      expect(client.takeManifestAnswer(CAR, 'apply', added('nav'))).toBe(true);

      await expect(answer).resolves.toEqual(added('nav'));
    });

    it('sends one manifest per car at a time, the next once the first is answered', async () => {
      const { client, publisher } = setup();
      const first = client.sendManifest(CAR, 'apply', MANIFEST, ['nav']);
      const second = client.sendManifest(
        CAR,
        'delete',
        'apiVersion: v1\nworkloads:\n  map: {}\n',
        ['map'],
      );
      await settle();
      expect(publisher.published).toHaveLength(1);

      expect(client.takeManifestAnswer(CAR, 'delete', added())).toBe(false);
      client.takeManifestAnswer(CAR, 'apply', added('nav'));
      await first;
      expect(
        publisher.payloadsOn(FleetConnectorTopics.deleteRequest(CAR)),
      ).toHaveLength(1);
      client.takeManifestAnswer(CAR, 'delete', {
        added_workloads: [],
        deleted_workloads: [],
      });
      await expect(second).resolves.toEqual({
        added_workloads: [],
        deleted_workloads: [],
      });
    });

    it('skips an answer naming workloads the manifest does not name: it answers somebody else', async () => {
      const { client } = setup();
      const answer = client.sendManifest(CAR, 'apply', MANIFEST, ['nav']);

      expect(client.takeManifestAnswer(CAR, 'apply', added('other'))).toBe(
        false,
      );
      expect(
        client.takeManifestAnswer(CAR, 'apply', { ...added(), error: 'bad' }),
      ).toBe(true);
      await expect(answer).resolves.toMatchObject({ error: 'bad' });
    });

    it('rejects after 15 s without an answer and moves on to the next request', async () => {
      const { client, clock, publisher } = setup();
      const first = client.sendManifest(CAR, 'apply', MANIFEST, ['nav']);
      const second = client.sendManifest(CAR, 'apply', MANIFEST, ['nav']);

      clock.advance(MANIFEST_TIMEOUT_MS);

      await expect(first).rejects.toBeInstanceOf(ConnectorTimeoutError);
      expect(publisher.published).toHaveLength(2);
      client.takeManifestAnswer(CAR, 'apply', added('nav'));
      await expect(second).resolves.toEqual(added('nav'));
    });

    it('refuses more than 8 waiting manifests for one car', async () => {
      const { client } = setup();
      for (let i = 0; i < MAX_MANIFESTS_PER_CAR; i++)
        void client
          .sendManifest(CAR, 'apply', MANIFEST, ['nav'])
          .catch(() => undefined);

      await expect(
        client.sendManifest(CAR, 'apply', MANIFEST, ['nav']),
      ).rejects.toBeInstanceOf(ConnectorBusyError);
      expect(client.inFlight.manifests).toBe(MAX_MANIFESTS_PER_CAR);
    });
  });
});
