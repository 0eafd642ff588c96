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
  const scratch = await scratchDatabase(serverUrl, `fleet_e2e_${runId}`);
  return { mqttUrl, databaseUrl: scratch.url, runId, dispose: scratch.dispose };
}

/** A fresh database `name` on the PostgreSQL server of `serverUrl`; `dispose` drops it (its connections closed). */
export async function scratchDatabase(
  serverUrl: string,
  name: string,
): Promise<{ url: string; dispose(): Promise<void> }> {
  await admin(serverUrl, `CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    dispose: () =>
      admin(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
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
