import type { VehicleState } from '@fleet/shared/contracts';

/** Files for mutual TLS, read from disk once at start. */
export interface TlsFiles {
  caPem: string;
  crtPem: string;
  keyPem: string;
}

/** Everything the agent needs from its command line, validated. */
export interface AgentConfig {
  name: string;
  serverUrl: string;
  insecure: boolean;
  tls: TlsFiles | null;
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
