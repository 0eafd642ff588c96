import { readFileSync } from 'node:fs';
import { CarTopics } from '@fleet/shared/contracts';
import type { AgentStatusMessage } from '@fleet/shared/contracts';
import { StartupError } from '../agent/startup-error';
import type { AgentConfig } from '../config/agent-config';
import type { TransportOptions } from './transport';

/** Ankaios agents retry every second while the server is away. */
export const RECONNECT_PERIOD_MS = 1_000;

/**
 * Connection settings: a client id unique per process (a shared id would let a duplicate take the
 * session over), and a retained last will that marks this instance offline.
 */
export function buildTransportOptions(
  config: AgentConfig,
  instanceId: string,
  now: Date,
  readFile: (path: string) => Buffer = (path) => readFileSync(path),
): TransportOptions {
  const will: AgentStatusMessage = { name: config.name, online: false, instanceId, at: now.toISOString() };
  return {
    url: config.serverUrl,
    clientId: `${config.name}-${instanceId.slice(0, 8)}`,
    will: { topic: CarTopics.status(config.name), payload: JSON.stringify(will), retain: true },
    tls: readTls(config, readFile),
    reconnectPeriodMs: RECONNECT_PERIOD_MS,
  };
}

function readTls(config: AgentConfig, readFile: (path: string) => Buffer): TransportOptions['tls'] {
  if (!config.tls) return null;
  try {
    return { ca: readFile(config.tls.caPem), cert: readFile(config.tls.crtPem), key: readFile(config.tls.keyPem) };
  } catch (error) {
    throw new StartupError(`cannot read the certificates: ${String(error)}`);
  }
}
