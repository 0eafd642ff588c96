import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { testClockError } from '../common/test-clock';
import type { TestClockSettings } from '../common/test-clock';
import type { AppConfig, DemoFleetEntry } from './app-config';
import {
  EMPTY_IS_A_VALUE,
  ENVIRONMENT_KEYS,
  EnvironmentVariables,
  SECRET_KEYS,
} from './environment-variables';
import {
  MqttSecurityConfigError,
  mqttSecurityFrom,
  MqttSecuritySettings,
} from './mqtt-security-config';

export class ConfigError extends Error {}

/** The broker thread's entry, built beside `main.js` (see webpack.config.js). */
export const BROKER_WORKER_SCRIPT = 'broker-worker.js';

export const DEFAULTS = {
  port: 3000,
  host: '127.0.0.1',
  dataDir: './data',
  mqttPort: 1884,
  demoFleet: 'munich:6,berlin:6',
  restartLimit: 5,
  restartWindowMs: 10 * 60_000,
  symphonyTimeoutSeconds: 180,
  // One bulk update of 10,000 cars (tools/bench, 2026-11-28, 2 cores; tools/bench/HISTORY.md, twelfth round): 128 slots gave 312
  // cars/s, 256 gave 485-545 (21 runs), 512 gave 624-740 (seven runs), 768 gave 764-767 (two runs), and at 1,024
  // the provider refused 1,309 cars (too many COA requests waiting). A deployment holds its slot while the car
  // installs, so too few slots leave the cores idle. 512 keeps half of the highest value in reserve.
  symphonyConcurrency: 512,
  // The pg driver's own default is 10. A 10,000-car bulk update on PostgreSQL (2026-11-28, `prof-setup.ts 10000
  // update` with DATABASE_URL): 10 connections 194-204 cars/s (three runs), 20 gave 226, 40 gave 234 and 237; the
  // requests waited for a connection. 20 leaves room for several replicas within PostgreSQL's 100 connections.
  databasePoolSize: 20,
  jwtTtlSeconds: 8 * 3600,
  loginRateLimitPerMinute: 10,
  writeRateLimitPerMinute: 600,
  leaseTtlSeconds: 15,
} as const;

/**
 * Validates the environment once. `apiDir` is the folder of the built API (`dist/apps/api`): the agent,
 * the manifest and the console are found relative to it. Relative paths in variables resolve against `cwd`.
 */
export function loadConfig(
  env: Record<string, string | undefined>,
  apiDir: string,
  cwd = process.cwd(),
): AppConfig {
  const vars = parseEnvironment(env);
  const repoRoot = resolve(apiDir, '../../..');
  const dataDir = resolve(cwd, vars.DATA_DIR ?? DEFAULTS.dataDir);
  return {
    port: vars.PORT ?? DEFAULTS.port,
    host: vars.HOST ?? DEFAULTS.host,
    dataDir,
    mqttUrl: vars.MQTT_URL ?? null,
    mqttPort: vars.MQTT_PORT ?? DEFAULTS.mqttPort,
    brokerWorker: brokerWorker(vars, apiDir),
    database: vars.DATABASE_URL
      ? {
          type: 'postgres',
          url: vars.DATABASE_URL,
          poolSize: vars.DATABASE_POOL_SIZE ?? DEFAULTS.databasePoolSize,
        }
      : { type: 'sqlite', path: join(dataDir, 'fleet.sqlite') },
    demoFleet: parseDemoFleet(vars.DEMO_FLEET ?? DEFAULTS.demoFleet),
    logFormat:
      vars.LOG_FORMAT ?? (vars.NODE_ENV === 'production' ? 'json' : 'pretty'),
    agent: {
      script: resolve(
        cwd,
        vars.AGENT_SCRIPT ?? join(apiDir, '../car-agent/main.js'),
      ),
      manifest: resolve(
        cwd,
        vars.AGENT_MANIFEST ?? join(repoRoot, 'ankaios/base-manifest.yaml'),
      ),
      args: (vars.AGENT_ARGS ?? '')
        .split(/\s+/)
        .filter((arg) => arg.length > 0),
      restartLimit: vars.AGENT_RESTART_LIMIT ?? DEFAULTS.restartLimit,
      restartWindowMs: DEFAULTS.restartWindowMs,
      defaultVehicleState: 'parked',
      mode: vars.AGENT_MODE ?? 'process',
    },
    consoleDir: resolve(
      cwd,
      vars.CONSOLE_DIR ?? join(repoRoot, 'dist/apps/console/browser'),
    ),
    symphony: {
      configDir: resolve(
        cwd,
        vars.SYMPHONY_CONFIG_DIR ?? join(repoRoot, 'symphony-config'),
      ),
      timeoutSeconds:
        vars.SYMPHONY_TIMEOUT_SECONDS ?? DEFAULTS.symphonyTimeoutSeconds,
      concurrency: vars.SYMPHONY_CONCURRENCY ?? DEFAULTS.symphonyConcurrency,
    },
    auth: {
      jwtSecret: vars.JWT_SECRET ?? null,
      jwtTtlSeconds: vars.JWT_TTL_SECONDS ?? DEFAULTS.jwtTtlSeconds,
      adminUsername: vars.ADMIN_USERNAME ?? null,
      adminPassword: vars.ADMIN_PASSWORD ?? null,
      loginRateLimitPerMinute:
        vars.LOGIN_RATE_LIMIT ?? DEFAULTS.loginRateLimitPerMinute,
      writeRateLimitPerMinute:
        vars.WRITE_RATE_LIMIT ?? DEFAULTS.writeRateLimitPerMinute,
    },
    mqttSecurity: mqttSecurity(vars, dataDir, cwd),
    testClock: testClock(vars),
    cluster: {
      enabled: vars.CLUSTER === 'on',
      leaseTtlSeconds: vars.LEASE_TTL_SECONDS ?? DEFAULTS.leaseTtlSeconds,
    },
  };
}

/** `MQTT_BROKER_THREAD=main` keeps the embedded broker on the API's thread; `worker` (the default) needs the built script. */
function brokerWorker(
  vars: EnvironmentVariables,
  apiDir: string,
): string | null {
  const script = join(apiDir, BROKER_WORKER_SCRIPT);
  const wanted = vars.MQTT_BROKER_THREAD;
  if (wanted === 'main') return null;
  if (existsSync(script)) return script;
  if (wanted === 'worker')
    throw new ConfigError(
      `Invalid configuration: MQTT_BROKER_THREAD=worker needs ${script} (build the API)`,
    );
  return null;
}

function mqttSecurity(
  vars: EnvironmentVariables,
  dataDir: string,
  cwd: string,
): MqttSecuritySettings {
  try {
    return mqttSecurityFrom(vars, dataDir, cwd);
  } catch (error) {
    if (error instanceof MqttSecurityConfigError)
      throw new ConfigError(`Invalid configuration: ${error.message}`);
    throw error;
  }
}

function testClock(vars: EnvironmentVariables): TestClockSettings {
  const error = testClockError(vars);
  if (error) throw new ConfigError(`Invalid configuration: ${error}`);
  return {
    enabled: vars.FLEET_TEST_CLOCK === '1',
    offsetMs: vars.CLOCK_OFFSET_MS ?? 0,
  };
}

function parseEnvironment(
  env: Record<string, string | undefined>,
): EnvironmentVariables {
  const plain: Record<string, string> = {};
  for (const key of ENVIRONMENT_KEYS) {
    const value = env[key];
    if (
      value === undefined ||
      (value.trim() === '' && !EMPTY_IS_A_VALUE.includes(key))
    )
      continue;
    plain[key] = value.trim();
  }
  const vars = plainToInstance(EnvironmentVariables, plain, {
    enableImplicitConversion: true,
  });
  const errors = validateSync(vars);
  if (errors.length > 0)
    throw new ConfigError(
      `Invalid configuration: ${describeErrors(errors, plain)}`,
    );
  return vars;
}

// Implicit conversion turns "abc" into NaN, so the message quotes the raw text instead (secrets masked).
function describeErrors(
  errors: ValidationError[],
  plain: Record<string, string>,
): string {
  return errors
    .map(
      (e) =>
        `${e.property}=${SECRET_KEYS.includes(e.property) ? '"***"' : JSON.stringify(plain[e.property])}: ${Object.values(e.constraints ?? {}).join('; ')}`,
    )
    .join(' | ');
}

export function parseDemoFleet(spec: string): DemoFleetEntry[] {
  return spec
    .split(',')
    .filter((part) => part.length > 0)
    .map((part) => {
      const [region, count] = part.split(':');
      return { region, count: Number(count) };
    })
    .filter((entry) => entry.count > 0);
}
