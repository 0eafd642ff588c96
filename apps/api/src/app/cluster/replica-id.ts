import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

export const REPLICA_ID = Symbol('REPLICA_ID');

/** Unique per process: the host name (a container's id) and random hex, never reused after a restart. */
export function newReplicaId(): string {
  const host =
    hostname()
      .replace(/[^a-zA-Z0-9_.-]/g, '')
      .slice(0, 48) || 'api';
  return `${host}-${randomBytes(4).toString('hex')}`;
}
