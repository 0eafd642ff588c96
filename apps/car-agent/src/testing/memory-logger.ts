import type { LogFields, Logger } from '../logging/logger';

export interface LoggedLine {
  level: keyof Logger;
  message: string;
  fields: LogFields;
}

export class MemoryLogger implements Logger {
  readonly lines: LoggedLine[] = [];
  debug = this.record('debug');
  info = this.record('info');
  warn = this.record('warn');
  error = this.record('error');

  messages(level?: keyof Logger): string[] {
    return this.lines.filter((l) => !level || l.level === level).map((l) => l.message);
  }

  private record(level: keyof Logger) {
    return (message: string, fields: LogFields = {}) => void this.lines.push({ level, message, fields });
  }
}
