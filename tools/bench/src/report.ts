import { cpus, totalmem } from 'node:os';

export type Row = Record<string, string | number | boolean | null>;

export interface FigureResult {
  figure: string;
  cars: number;
  /** Flat key/value figures, printed as a table and as JSON. */
  values: Row;
  /** Target checks: name -> met (true/false) or null when not measured. */
  targets: Record<string, boolean | null>;
  skipped?: string;
}

export function machine(): Row {
  return { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', memGb: Math.round(totalmem() / 2 ** 30), node: process.version };
}

/** A two-column table and one `BENCH_JSON {...}` line a script can grep. */
export function print(result: FigureResult): void {
  const rows: [string, string][] = [['figure', result.figure], ['cars', String(result.cars)]];
  if (result.skipped) rows.push(['skipped', result.skipped]);
  for (const [k, v] of Object.entries(result.values)) rows.push([k, String(v)]);
  for (const [k, v] of Object.entries(result.targets)) rows.push([`target ${k}`, v === null ? 'n/a' : v ? 'met' : 'NOT met']);
  const width = Math.max(...rows.map(([k]) => k.length));
  console.log(`\n== ${result.figure} ==`);
  for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
  console.log(`BENCH_JSON ${JSON.stringify({ ...result, machine: machine() })}`);
}
