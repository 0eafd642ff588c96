export const FIGURES = ['list', 'realtime', 'update', 'memory', 'console', 'rollout'] as const;
export type Figure = (typeof FIGURES)[number];

export interface BenchArgs {
  figures: Figure[];
  cars: number;
  /** Short durations for CI: fails only on errors. */
  ci: boolean;
  /** `embedded` (aedes inside the API, the default) or `mosquitto` (a private Mosquitto process). */
  broker: Broker;
  /** Seconds to wait after every car is online before measuring (the fleet settles after its creation). */
  settleSeconds: number;
  /** A PostgreSQL server (`postgres://…`): the API runs on a fresh database there, dropped at the end; null: SQLite. */
  database: string | null;
  /** CLUSTER=on: the API as one replica of several (no object cache, deployment claims); needs `database`. */
  cluster: boolean;
}

/**
 * After 10,000 cars were created in ~30 s, the API and the agent host stayed busy for about a minute (first
 * state polls, telemetry, state files): measured then, the list and realtime figures measured the tail of the
 * registration burst rather than a fleet that reports. 90 s at 10,000 cars, in proportion below; none in CI.
 */
export function defaultSettleSeconds(cars: number, ci: boolean): number {
  return ci ? 0 : Math.min(90, Math.ceil((cars / 10_000) * 90));
}

export const BROKERS = ['embedded', 'mosquitto'] as const;
export type Broker = (typeof BROKERS)[number];

export const USAGE = `usage: main.ts <${FIGURES.join('|')}|all>[,<figure>...] [--cars N] [--ci] [--broker embedded|mosquitto] [--settle seconds] [--database postgres://user@host:port/db [--cluster]]`;

export function parseArgs(argv: string[]): BenchArgs {
  const [figure, ...rest] = argv;
  const names = figure === 'all' ? [...FIGURES] : (figure ?? '').split(',');
  if (names.length === 0 || names.some((n) => !FIGURES.includes(n as Figure))) throw new Error(USAGE);
  const figures = names as Figure[];
  const ci = rest.includes('--ci');
  const carsAt = rest.indexOf('--cars');
  const cars = carsAt >= 0 ? Number(rest[carsAt + 1]) : ci ? 200 : 2000;
  if (!Number.isInteger(cars) || cars < 1) throw new Error(`--cars must be a positive integer\n${USAGE}`);
  const brokerAt = rest.indexOf('--broker');
  const broker = (brokerAt >= 0 ? rest[brokerAt + 1] : 'embedded') as Broker;
  if (!BROKERS.includes(broker)) throw new Error(`--broker must be one of ${BROKERS.join(', ')}\n${USAGE}`);
  const settleAt = rest.indexOf('--settle');
  const settleSeconds = settleAt >= 0 ? Number(rest[settleAt + 1]) : defaultSettleSeconds(cars, ci);
  if (!Number.isFinite(settleSeconds) || settleSeconds < 0) throw new Error(`--settle must be a number of seconds >= 0\n${USAGE}`);
  const databaseAt = rest.indexOf('--database');
  const database = databaseAt >= 0 ? (rest[databaseAt + 1] ?? '') : null;
  if (database !== null && !/^postgres(ql)?:\/\//.test(database)) throw new Error(`--database must be a postgres:// URL\n${USAGE}`);
  const cluster = rest.includes('--cluster');
  if (cluster && database === null) throw new Error(`--cluster needs --database (the replicas' shared PostgreSQL)\n${USAGE}`);
  return { figures, cars, ci, broker, settleSeconds, database, cluster };
}
