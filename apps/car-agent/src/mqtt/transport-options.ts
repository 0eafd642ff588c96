import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
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
    credentials: readCredentials(config, readFile),
    reconnectPeriodMs: RECONNECT_PERIOD_MS,
  };
}

function readTls(config: AgentConfig, readFile: (path: string) => Buffer): TransportOptions['tls'] {
  const files = config.tls;
  if (!files) return null;
  try {
    const ca = readFile(files.caPem);
    if (!files.crtPem || !files.keyPem) return { ca };
    return { ca, cert: readFile(files.crtPem), key: readFile(files.keyPem) };
  } catch (error) {
    throw new StartupError(`cannot read the certificates: ${String(error)}`);
  }
}

/** The password file holds the secret and nothing else; a trailing newline is not part of it. */
function readCredentials(config: AgentConfig, readFile: (path: string) => Buffer): TransportOptions['credentials'] {
  const auth = config.mqttAuth;
  if (!auth) return null;
  let password: string;
  try {
    password = readFile(resolve(config.runFolder, auth.passwordFile)).toString('utf8').replace(/\r?\n$/, '');
  } catch (error) {
    throw new StartupError(`cannot read the MQTT password file: ${String(error)}`);
  }
  if (password.length === 0) throw new StartupError(`the MQTT password file ${auth.passwordFile} is empty`);
  return { username: auth.username ?? config.name, password };
}
