/** What the agent needs from its own process, injected so tests never end the test runner. */
export interface ProcessPort {
  readonly pid: number;
  /** SIGTERM, SIGINT, or the parent's death when started with an IPC channel. */
  onTerminate(listener: (reason: string) => void): void;
  /** Uncaught exceptions and unhandled rejections. */
  onFatal(listener: (error: unknown) => void): void;
  writeStderr(line: string): void;
  exit(code: number): void;
  /**
   * Ends a stop that ran out of its budget. Absent (a process of its own): the agent logs a warning and exits.
   * A host of many cars reports these together instead of one warning per car.
   */
  exitOverdue?(code: number): void;
}

export const nodeProcess: ProcessPort = {
  pid: process.pid,
  onTerminate(listener) {
    process.on('SIGTERM', () => listener('SIGTERM'));
    process.on('SIGINT', () => listener('SIGINT'));
    if (process.send) process.on('disconnect', () => listener('parent disconnected'));
  },
  onFatal(listener) {
    process.on('uncaughtException', listener);
    process.on('unhandledRejection', listener);
  },
  writeStderr: (line) => process.stderr.write(line + '\n'),
  exit: (code) => process.exit(code),
};
