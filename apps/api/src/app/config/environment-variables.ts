import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
} from 'class-validator';
import { PASSWORD_MIN_LENGTH, USERNAME_PATTERN } from '@fleet/shared/contracts';
import { MAX_CLOCK_OFFSET_MS } from '../common/test-clock';

/** The most deployments SYMPHONY_CONCURRENCY may allow; the MQTT target provider keeps twice as many requests. */
export const MAX_SYMPHONY_CONCURRENCY = 1000;

const DEMO_FLEET_PATTERN =
  /^([a-z][a-z0-9-]{0,31}:\d{1,4})(,[a-z][a-z0-9-]{0,31}:\d{1,4})*$|^$/;

/** Every environment variable the API reads. Values arrive as strings and are converted implicitly. */
export class EnvironmentVariables {
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT?: number;

  @IsOptional()
  @IsString()
  HOST?: string;

  @IsOptional()
  @IsString()
  DATA_DIR?: string;

  @IsOptional()
  @IsUrl({
    protocols: ['mqtt', 'mqtts', 'tcp', 'ssl', 'ws', 'wss'],
    require_protocol: true,
    require_tld: false,
  })
  MQTT_URL?: string;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(65535)
  MQTT_PORT?: number;

  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, {
    message: 'DATABASE_URL must be a postgres:// URL',
  })
  DATABASE_URL?: string;

  /** Connections to PostgreSQL this replica keeps open at most (ignored with SQLite). */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE?: number;

  @IsOptional()
  @Matches(DEMO_FLEET_PATTERN, {
    message: 'DEMO_FLEET must look like "munich:6,berlin:6" (or be empty)',
  })
  DEMO_FLEET?: string;

  @IsOptional()
  @IsIn(['json', 'pretty'])
  LOG_FORMAT?: 'json' | 'pretty';

  @IsOptional()
  @IsString()
  NODE_ENV?: string;

  @IsOptional()
  @IsString()
  AGENT_SCRIPT?: string;

  @IsOptional()
  @IsString()
  AGENT_MANIFEST?: string;

  @IsOptional()
  @IsString()
  AGENT_ARGS?: string;

  @IsOptional()
  @IsString()
  CONSOLE_DIR?: string;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1000)
  AGENT_RESTART_LIMIT?: number;

  /** Where the embedded broker runs: worker (its own thread; the default when built) or main (the API's thread). */
  @IsOptional()
  @IsIn(['worker', 'main'])
  MQTT_BROKER_THREAD?: 'worker' | 'main';

  /** process: one car-agent process per car (default); host: every car inside one `car-agent host` process. */
  @IsOptional()
  @IsIn(['process', 'host'])
  AGENT_MODE?: 'process' | 'host';

  /** Where the Symphony objects seeded at start live (`solution.json`, `solutionversions/`). */
  @IsOptional()
  @IsString()
  SYMPHONY_CONFIG_DIR?: string;

  /** How long the MQTT target provider waits for a car's COA answer. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3600)
  SYMPHONY_TIMEOUT_SECONDS?: number;

  /**
   * Deployments (one car each) running at once. Each waits for at most one COA answer at a time, so at most half
   * of the MQTT target provider's requests in flight: the other half stays for removals and late confirmations.
   * Above it, a large bulk update failed cars with "COA requests already wait for answers".
   */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_SYMPHONY_CONCURRENCY, {
    message: `SYMPHONY_CONCURRENCY must not be greater than ${MAX_SYMPHONY_CONCURRENCY} (half of the COA requests the MQTT target provider keeps waiting at once)`,
  })
  SYMPHONY_CONCURRENCY?: number;

  /** HS256 key for access tokens; generated once and kept in the database when unset. */
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;

  @IsOptional()
  @IsInt()
  @Min(60)
  @Max(7 * 24 * 3600)
  JWT_TTL_SECONDS?: number;

  /** The first admin, created when no admin exists. */
  @IsOptional()
  @Matches(USERNAME_PATTERN, {
    message:
      'ADMIN_USERNAME must be 2-64 lower-case letters, digits, ".", "_" or "-"',
  })
  ADMIN_USERNAME?: string;

  @IsOptional()
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH, {
    message: `ADMIN_PASSWORD must be at least ${PASSWORD_MIN_LENGTH} characters`,
  })
  ADMIN_PASSWORD?: string;

  /** Login attempts per minute per client address and username. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000)
  LOGIN_RATE_LIMIT?: number;

  /** State-changing requests per minute per user or API key. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  WRITE_RATE_LIMIT?: number;

  /** What MQTT clients must show: none (anonymous), password, or mtls (client certificates). */
  @IsOptional()
  @IsIn(['none', 'password', 'mtls'])
  MQTT_SECURITY?: 'none' | 'password' | 'mtls';

  /** The embedded broker listens with TLS (development PKI under DATA_DIR/pki). */
  @IsOptional()
  @IsIn(['off', 'on'])
  MQTT_TLS?: 'off' | 'on';

  /** The API's MQTT username on an external broker (default fleet-api). */
  @IsOptional()
  @Matches(/^[a-zA-Z0-9_.-]{1,64}$/, {
    message: 'MQTT_USERNAME must be 1-64 letters, digits, ".", "_" or "-"',
  })
  MQTT_USERNAME?: string;

  /** The API's MQTT password: what an external broker knows, or what the embedded one accepts. */
  @IsOptional()
  @IsString()
  @MinLength(8, { message: 'MQTT_PASSWORD must be at least 8 characters' })
  MQTT_PASSWORD?: string;

  /** PEM files of the API's MQTT client (and the CA the agents trust); default: DATA_DIR/pki. */
  @IsOptional()
  @IsString()
  MQTT_CA?: string;

  @IsOptional()
  @IsString()
  MQTT_CERT?: string;

  @IsOptional()
  @IsString()
  MQTT_KEY?: string;

  /** External broker, password mode: a folder with one secret file per car id. */
  @IsOptional()
  @IsString()
  MQTT_CAR_SECRETS_DIR?: string;

  /** Tests only: `1` gives the rollouts a settable clock (`PUT /api/test/rollout-clock`); refused in production. */
  @IsOptional()
  @IsIn(['0', '1'])
  FLEET_TEST_CLOCK?: '0' | '1';

  /** Tests only (with FLEET_TEST_CLOCK=1): the rollout clock's shift from the system time at start, in ms. */
  @IsOptional()
  @IsInt()
  @Min(-MAX_CLOCK_OFFSET_MS)
  @Max(MAX_CLOCK_OFFSET_MS)
  CLOCK_OFFSET_MS?: number;
  /** on: several API replicas share the database and broker; the rollout engine runs on the lease holder only. */
  @IsOptional()
  @IsIn(['off', 'on'])
  CLUSTER?: 'off' | 'on';

  /** How long the leader's lease lasts without renewal (renewed every third of it). */
  @IsOptional()
  @IsInt()
  @Min(2)
  @Max(600)
  LEASE_TTL_SECONDS?: number;
}

export const ENVIRONMENT_KEYS = [
  'PORT',
  'HOST',
  'DATA_DIR',
  'MQTT_URL',
  'MQTT_PORT',
  'DATABASE_URL',
  'DATABASE_POOL_SIZE',
  'DEMO_FLEET',
  'LOG_FORMAT',
  'NODE_ENV',
  'AGENT_SCRIPT',
  'AGENT_MANIFEST',
  'AGENT_ARGS',
  'CONSOLE_DIR',
  'AGENT_RESTART_LIMIT',
  'AGENT_MODE',
  'MQTT_BROKER_THREAD',
  'SYMPHONY_CONFIG_DIR',
  'SYMPHONY_TIMEOUT_SECONDS',
  'SYMPHONY_CONCURRENCY',
  'JWT_SECRET',
  'JWT_TTL_SECONDS',
  'ADMIN_USERNAME',
  'ADMIN_PASSWORD',
  'LOGIN_RATE_LIMIT',
  'WRITE_RATE_LIMIT',
  'MQTT_SECURITY',
  'MQTT_TLS',
  'MQTT_USERNAME',
  'MQTT_PASSWORD',
  'MQTT_CA',
  'MQTT_CERT',
  'MQTT_KEY',
  'MQTT_CAR_SECRETS_DIR',
  'FLEET_TEST_CLOCK',
  'CLOCK_OFFSET_MS',
  'CLUSTER',
  'LEASE_TTL_SECONDS',
] as const satisfies readonly (keyof EnvironmentVariables)[];

/** Variables whose empty value means something ("no demo fleet", "no extra args"); others treat "" as unset. */
export const EMPTY_IS_A_VALUE: readonly string[] = ['DEMO_FLEET', 'AGENT_ARGS'];

/** Variables whose values never appear in a message or a log. */
export const SECRET_KEYS: readonly string[] = [
  'JWT_SECRET',
  'ADMIN_PASSWORD',
  'MQTT_PASSWORD',
];
