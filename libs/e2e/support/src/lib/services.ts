import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/**
 * The suite runs against the embedded broker and SQLite by default. With MQTT_URL / DATABASE_URL set (CI's
 * Mosquitto and PostgreSQL), it runs against those; for PostgreSQL it makes a fresh database per run and drops it
 * afterwards, so runs never see each other's rows.
 */
export interface TestServices {
  mqttUrl?: string;
  databaseUrl?: string;
  /** Unique per run: car names carry it, so runs sharing one broker never mix retained topics. */
  runId: string;
  dispose(): Promise<void>;
}

export async function testServices(): Promise<TestServices> {
  const runId = randomBytes(3).toString('hex');
  const mqttUrl = process.env['MQTT_URL'] || undefined;
  const serverUrl = process.env['DATABASE_URL'] || undefined;
  if (!serverUrl) return { mqttUrl, runId, dispose: async () => undefined };
  const dbName = `fleet_e2e_${runId}`;
  await admin(serverUrl, `CREATE DATABASE ${dbName}`);
  const url = new URL(serverUrl);
  url.pathname = `/${dbName}`;
  return {
    mqttUrl,
    databaseUrl: url.toString(),
    runId,
    dispose: () => admin(serverUrl, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`),
  };
}

async function admin(serverUrl: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
