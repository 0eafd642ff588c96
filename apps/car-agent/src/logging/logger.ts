export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

type Level = keyof Logger;

/** One JSON line per event on stdout, each carrying the car id. */
export function createJsonLogger(
  carId: string,
  write: (line: string) => void = (line) => process.stdout.write(line + '\n'),
  now: () => Date = () => new Date(),
): Logger {
  const log = (level: Level) => (message: string, fields: LogFields = {}) =>
    write(JSON.stringify({ at: now().toISOString(), level, carId, message, ...fields }));
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

/** A loggable description of anything thrown. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack ?? error.message;
  return String(error);
}
