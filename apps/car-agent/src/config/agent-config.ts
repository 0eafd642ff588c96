import type { VehicleState } from '@fleet/shared/contracts';

/** Files for TLS, read from disk once at start: the CA alone (with a password), or all three for mutual TLS. */
export interface TlsFiles {
  caPem: string;
  crtPem: string | null;
  keyPem: string | null;
}

/** Username and password authentication; the secret comes from a file, never from the command line. */
export interface MqttAuth {
  /** null = the agent name. */
  username: string | null;
  /** Relative: inside the run folder. */
  passwordFile: string;
}

/** Everything the agent needs from its command line, validated. */
export interface AgentConfig {
  name: string;
  serverUrl: string;
  insecure: boolean;
  tls: TlsFiles | null;
  /** Absent or null: no username and password (anonymous, or identified by the certificate). */
  mqttAuth?: MqttAuth | null;
  tags: Record<string, string>;
  runFolder: string;
  manifestPath: string | null;
  initialVehicleState: VehicleState;
  simSpeed: number;
}

export const DEFAULT_SERVER_URL = 'mqtt://127.0.0.1:1883';

/** The region the telemetry reports: the `region` tag, `unknown` without one. */
export function regionOf(config: Pick<AgentConfig, 'tags'>): string {
  return config.tags['region'] ?? 'unknown';
}
