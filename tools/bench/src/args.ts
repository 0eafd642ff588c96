export const FIGURES = ['list', 'realtime', 'update', 'memory', 'console'] as const;
export type Figure = (typeof FIGURES)[number];

export interface BenchArgs {
  figures: Figure[];
  cars: number;
  /** Short durations for CI: fails only on errors. */
  ci: boolean;
  /** `embedded` (aedes inside the API, the default) or `mosquitto` (a private Mosquitto process). */
  broker: Broker;
}

export const BROKERS = ['embedded', 'mosquitto'] as const;
export type Broker = (typeof BROKERS)[number];

export const USAGE = `usage: main.ts <${FIGURES.join('|')}|all>[,<figure>...] [--cars N] [--ci] [--broker embedded|mosquitto]`;

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
  return { figures, cars, ci, broker };
}
