import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BROKER_WORKER_SCRIPT,
  ConfigError,
  loadConfig,
  parseDemoFleet,
} from './load-config';
import { MAX_IN_FLIGHT } from '../symphony/provider/mqtt-target-provider';

const API_DIR = '/repo/dist/apps/api';
const CWD = '/work';
const load = (env: Record<string, string | undefined>) =>
  loadConfig(env, API_DIR, CWD);

describe(loadConfig.name, () => {
  describe('MQTT_BROKER_THREAD', () => {
    let built: string;
    beforeAll(() => {
      built = mkdtempSync(join(tmpdir(), 'fleet-api-dir-'));
      writeFileSync(join(built, BROKER_WORKER_SCRIPT), '');
    });
    afterAll(() => rmSync(built, { recursive: true, force: true }));

    it('runs the embedded broker on its own thread when the built script is there, unless told main', () => {
      const script = join(built, BROKER_WORKER_SCRIPT);
      expect(loadConfig({}, built, CWD).brokerWorker).toBe(script);
      expect(
        loadConfig({ MQTT_BROKER_THREAD: 'worker' }, built, CWD).brokerWorker,
      ).toBe(script);
      expect(
        loadConfig({ MQTT_BROKER_THREAD: 'main' }, built, CWD).brokerWorker,
      ).toBeNull();
    });

    it('falls back to the API thread without a build (tests), but refuses an explicit worker there', () => {
      expect(load({}).brokerWorker).toBeNull();
      expect(() => load({ MQTT_BROKER_THREAD: 'worker' })).toThrow(
        /MQTT_BROKER_THREAD=worker needs \/repo\/dist\/apps\/api\/broker-worker\.js/,
      );
      expect(() => load({ MQTT_BROKER_THREAD: 'both' })).toThrow(
        /MQTT_BROKER_THREAD/,
      );
    });
  });

  it('applies the documented defaults to an empty environment', () => {
    const config = load({});

    expect(config).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      dataDir: '/work/data',
      mqttUrl: null,
      mqttPort: 1884,
      database: { type: 'sqlite', path: '/work/data/fleet.sqlite' },
      demoFleet: [
        { region: 'munich', count: 6 },
        { region: 'berlin', count: 6 },
      ],
      logFormat: 'pretty',
      consoleDir: '/repo/dist/apps/console/browser',
    });
    expect(config.agent).toMatchObject({
      script: '/repo/dist/apps/car-agent/main.js',
      manifest: '/repo/ankaios/base-manifest.yaml',
      args: [],
      restartLimit: 5,
      restartWindowMs: 600_000,
    });
  });

  it('converts numbers, resolves relative paths against the working directory and splits agent args', () => {
    const config = load({
      PORT: '8080',
      MQTT_PORT: '0',
      DATA_DIR: 'tmp/fleet',
      AGENT_ARGS: ' --sim-speed  20 ',
      AGENT_RESTART_LIMIT: '2',
    });

    expect(config.port).toBe(8080);
    expect(config.mqttPort).toBe(0);
    expect(config.dataDir).toBe('/work/tmp/fleet');
    expect(config.agent.args).toEqual(['--sim-speed', '20']);
    expect(config.agent.restartLimit).toBe(2);
  });

  it('uses PostgreSQL and an external broker when their URLs are set', () => {
    const config = load({
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test',
      MQTT_URL: 'mqtt://127.0.0.1:1883',
    });

    expect(config.database).toEqual({
      type: 'postgres',
      url: 'postgres://postgres@127.0.0.1:5432/test',
      poolSize: 20,
    });
    expect(
      load({
        DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test',
        DATABASE_POOL_SIZE: '40',
      }).database,
    ).toMatchObject({ type: 'postgres', poolSize: 40 });
    expect(config.mqttUrl).toBe('mqtt://127.0.0.1:1883');
  });

  it('logs JSON by default in production', () => {
    expect(load({ NODE_ENV: 'production' }).logFormat).toBe('json');
    expect(
      load({ NODE_ENV: 'production', LOG_FORMAT: 'pretty' }).logFormat,
    ).toBe('pretty');
  });

  it('creates no demo fleet when DEMO_FLEET is empty', () => {
    expect(load({ DEMO_FLEET: '' }).demoFleet).toEqual([]);
  });

  it('reads the authentication settings, with 8 h tokens and 10 logins / 600 writes a minute by default', () => {
    expect(load({}).auth).toEqual({
      jwtSecret: null,
      jwtTtlSeconds: 28_800,
      adminUsername: null,
      adminPassword: null,
      loginRateLimitPerMinute: 10,
      writeRateLimitPerMinute: 600,
    });
    expect(
      load({
        JWT_SECRET: 's'.repeat(32),
        JWT_TTL_SECONDS: '3600',
        ADMIN_USERNAME: 'root',
        ADMIN_PASSWORD: 'correct horse',
        LOGIN_RATE_LIMIT: '3',
        WRITE_RATE_LIMIT: '50',
      }).auth,
    ).toEqual({
      jwtSecret: 's'.repeat(32),
      jwtTtlSeconds: 3600,
      adminUsername: 'root',
      adminPassword: 'correct horse',
      loginRateLimitPerMinute: 3,
      writeRateLimitPerMinute: 50,
    });
  });

  it('never repeats a secret in its error message', () => {
    expect(() => load({ ADMIN_PASSWORD: 'short-pw' })).toThrow(
      /ADMIN_PASSWORD="\*\*\*"/,
    );
    expect(() => load({ JWT_SECRET: 'too-short-secret' })).not.toThrow(
      /too-short-secret/,
    );
    expect(() => load({ JWT_SECRET: 'too-short-secret' })).toThrow(
      /JWT_SECRET=/,
    );
  });

  it('runs 512 deployments at once by default, up to half of what the MQTT target provider keeps waiting', () => {
    expect(load({}).symphony.concurrency).toBe(512);
    expect(load({ SYMPHONY_CONCURRENCY: '1000' }).symphony.concurrency).toBe(1000);
    expect(MAX_IN_FLIGHT).toBe(2 * 1000);
    expect(() => load({ SYMPHONY_CONCURRENCY: '1001' })).toThrow(
      /SYMPHONY_CONCURRENCY="1001": SYMPHONY_CONCURRENCY must not be greater than 1000/,
    );
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['MQTT_PORT', '-1'],
    ['MQTT_URL', 'not a url'],
    ['DATABASE_URL', 'mysql://db'],
    ['DEMO_FLEET', 'munich=6'],
    ['LOG_FORMAT', 'xml'],
    ['AGENT_RESTART_LIMIT', 'many'],
    ['JWT_TTL_SECONDS', '5'],
    ['ADMIN_USERNAME', 'Not Valid'],
    ['LOGIN_RATE_LIMIT', '0'],
    ['WRITE_RATE_LIMIT', 'lots'],
    ['SYMPHONY_CONCURRENCY', '0'],
    ['SYMPHONY_CONCURRENCY', '1001'],
    ['DATABASE_POOL_SIZE', '0'],
    ['DATABASE_POOL_SIZE', '500'],
  ])('rejects %s=%s with a message naming the variable', (name, value) => {
    expect(() => load({ [name]: value })).toThrow(ConfigError);
    expect(() => load({ [name]: value })).toThrow(new RegExp(`${name}=`));
  });
});

describe(parseDemoFleet.name, () => {
  it('reads region:count pairs and skips zero counts', () => {
    expect(parseDemoFleet('munich:2,los-angeles:0,berlin:1')).toEqual([
      { region: 'munich', count: 2 },
      { region: 'berlin', count: 1 },
    ]);
  });
});
