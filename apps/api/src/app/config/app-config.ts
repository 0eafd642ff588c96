import type { VehicleState } from '@fleet/shared/contracts';
import type { TestClockSettings } from '../common/test-clock';
import type { MqttSecuritySettings } from './mqtt-security-config';

export type LogFormat = 'json' | 'pretty';

export interface DemoFleetEntry {
  region: string;
  count: number;
}

export type DatabaseConfig =
  | { type: 'sqlite'; path: string }
  | { type: 'postgres'; url: string; poolSize?: number };

/** The validated configuration; `AppConfigService.get` reads it. */
export interface AppConfig {
  port: number;
  host: string;
  /** Absolute. */
  dataDir: string;
  /** An external broker; null = start the embedded aedes broker on `mqttPort`. */
  mqttUrl: string | null;
  mqttPort: number;
  /** The embedded broker's thread script (`broker-worker.js` beside the bundle); null = on the API's thread. */
  brokerWorker: string | null;
  database: DatabaseConfig;
  demoFleet: DemoFleetEntry[];
  logFormat: LogFormat;
  agent: AgentSettings;
  consoleDir: string;
  symphony: SymphonySettings;
  auth: AuthSettings;
  mqttSecurity: MqttSecuritySettings;
  /** Tests only: the rollouts' settable clock (FLEET_TEST_CLOCK, CLOCK_OFFSET_MS); off when absent. */
  testClock?: TestClockSettings;
  /** Several replicas (CLUSTER, LEASE_TTL_SECONDS); absent = one replica with the default lease. */
  cluster?: ClusterSettings;
}

export interface ClusterSettings {
  /** false: this process is the only replica and takes the lease at start, whoever held it. */
  enabled: boolean;
  leaseTtlSeconds: number;
}

export interface AuthSettings {
  /** null: generated once and kept in the `meta` table. */
  jwtSecret: string | null;
  jwtTtlSeconds: number;
  /** The first admin; null username = `admin`, null password = a random one, logged once. */
  adminUsername: string | null;
  adminPassword: string | null;
  loginRateLimitPerMinute: number;
  writeRateLimitPerMinute: number;
}

export interface AgentSettings {
  script: string;
  manifest: string;
  args: string[];
  restartLimit: number;
  restartWindowMs: number;
  defaultVehicleState: VehicleState;
  /** AGENT_MODE: one agent process per car (`process`, when absent) or every car in one agent host (`host`). */
  mode?: AgentMode;
}

export type AgentMode = 'process' | 'host';

export interface SymphonySettings {
  /** Absolute; `solution.json` and `solutionversions/*.json`, seeded at start. */
  configDir: string;
  /** How long the MQTT target provider waits for a car's answer: longer than the car's worst case. */
  timeoutSeconds: number;
  /** Deployments (one car each) running at once; more wait for a slot. */
  concurrency: number;
}
