import { FleetConnectorTopics } from '@fleet/shared/contracts';
import type { ManifestResponse, SdkCompleteState } from '@fleet/shared/contracts';
import { FakeCluster } from '../testing/fake-cluster';
import { MemoryLogger } from '../testing/memory-logger';
import { FleetConnector } from './fleet-connector';

function connector(cluster = new FakeCluster()) {
  const replies: { topic: string; body: ManifestResponse | SdkCompleteState }[] = [];
  const fleet = new FleetConnector('car-1', cluster, (topic, body) => void replies.push({ topic, body }), new MemoryLogger());
  return { fleet, cluster, replies };
}

const MANIFEST = 'apiVersion: v1\nworkloads:\n  telematics:\n    agent: car-1\n';

describe(FleetConnector.name, () => {
  it('subscribes to the three request topics of its car', () => {
    expect(connector().fleet.requestTopics()).toEqual([
      'vehicle/car-1/manifest/apply/req',
      'vehicle/car-1/manifest/delete/req',
      'vehicle/car-1/state/req',
    ]);
  });

  it('applies the manifest text and answers with the cluster response', () => {
    const { fleet, cluster, replies } = connector();
    const added = { agent_name: 'car-1', workload_name: 'telematics', workload_id: 'abc' };
    cluster.nextResponse = { added_workloads: [added], deleted_workloads: [] };
    expect(fleet.handle(FleetConnectorTopics.applyRequest('car-1'), Buffer.from(MANIFEST))).toBe(true);
    expect(cluster.applied).toEqual([MANIFEST]);
    expect(replies).toEqual([{ topic: 'vehicle/car-1/manifest/apply/resp', body: { added_workloads: [added], deleted_workloads: [] } }]);
  });

  it('deletes the manifest and answers on the delete response topic', () => {
    const { fleet, cluster, replies } = connector();
    fleet.handle(FleetConnectorTopics.deleteRequest('car-1'), Buffer.from(MANIFEST));
    expect(cluster.deleted).toEqual([MANIFEST]);
    expect(replies[0].topic).toBe('vehicle/car-1/manifest/delete/resp');
  });

  it('answers an empty manifest with an error and leaves the cluster alone', () => {
    const { fleet, cluster, replies } = connector();
    fleet.handle(FleetConnectorTopics.applyRequest('car-1'), Buffer.from('  \n'));
    expect(cluster.applied).toEqual([]);
    expect(replies[0].body).toEqual({ added_workloads: [], deleted_workloads: [], error: 'the request carries no manifest' });
  });

  it('answers a cluster that throws with an error instead of crashing', () => {
    const cluster = new FakeCluster();
    cluster.applyManifest = () => {
      throw new Error('boom');
    };
    const { fleet, replies } = connector(cluster);
    fleet.handle(FleetConnectorTopics.applyRequest('car-1'), Buffer.from(MANIFEST));
    expect(replies[0].body).toMatchObject({ added_workloads: [], error: 'Error: boom' });
  });

  it('answers a state request with the SDK state for the masks', () => {
    const { fleet, cluster, replies } = connector();
    fleet.handle(FleetConnectorTopics.stateRequest('car-1'), Buffer.from('["workloadStates"]'));
    expect(cluster.stateRequests).toEqual([['workloadStates']]);
    expect(replies[0]).toEqual({
      topic: 'vehicle/car-1/state/resp',
      body: { desired_state: { api_version: 'v1', workloads: {}, configs: {} } },
    });
  });

  it('treats an empty state request as "everything"', () => {
    const { fleet, cluster } = connector();
    fleet.handle(FleetConnectorTopics.stateRequest('car-1'), Buffer.alloc(0));
    expect(cluster.stateRequests).toEqual([[]]);
  });

  it.each(['not json', '{"masks": []}', '[1, 2]'])('answers the malformed state request %j with an error', (payload) => {
    const { fleet, cluster, replies } = connector();
    fleet.handle(FleetConnectorTopics.stateRequest('car-1'), Buffer.from(payload));
    expect(cluster.stateRequests).toEqual([]);
    expect(replies[0].body).toEqual({ error: expect.stringContaining('JSON array of field masks') });
  });

  it('leaves topics of other cars and kinds to others', () => {
    const { fleet, replies } = connector();
    expect(fleet.handle(FleetConnectorTopics.applyRequest('car-2'), Buffer.from(MANIFEST))).toBe(false);
    expect(fleet.handle('fleet/cars/car-1/command', Buffer.from('{}'))).toBe(false);
    expect(replies).toEqual([]);
  });
});
