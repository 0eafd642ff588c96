import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

export const REPLICA_ID = Symbol('REPLICA_ID');

/**
 * The host name's share of a replica id: the id, behind the `replica:` prefix of its presence row, must fit the
 * lease table's 64-character name (8 for the prefix, 1 for the dash, 8 for the random hex).
 */
export const REPLICA_HOST_CHARS = 47;

/** Unique per process: the host name (a container's id) and random hex, never reused after a restart. */
export function newReplicaId(host: string = hostname()): string {
  const name =
    host.replace(/[^a-zA-Z0-9_.-]/g, '').slice(0, REPLICA_HOST_CHARS) || 'api';
  return `${name}-${randomBytes(4).toString('hex')}`;
}
