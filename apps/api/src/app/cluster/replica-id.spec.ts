import { newReplicaId } from './replica-id';
import { REPLICA_ROW_PREFIX } from './replica-presence';

describe(newReplicaId.name, () => {
  it('names the host and is new for every process', () => {
    const [a, b] = [newReplicaId('api-7f9c'), newReplicaId('api-7f9c')];
    expect(a).toMatch(/^api-7f9c-[0-9a-f]{8}$/);
    expect(b).not.toBe(a);
  });

  it('fits the lease table’s 64-character name behind the presence prefix, whatever the host name', () => {
    const id = newReplicaId('h'.repeat(200));
    expect((REPLICA_ROW_PREFIX + id).length).toBe(64);
    expect(newReplicaId('äöü!')).toMatch(/^api-[0-9a-f]{8}$/);
  });
});
