import type { ProcessPort } from '../agent/process-port';

/** Records exits and stderr instead of ending the test runner; the test fires the signals. */
export class FakeProcess implements ProcessPort {
  readonly pid = 4242;
  readonly exits: number[] = [];
  readonly stderr: string[] = [];
  private readonly terminateListeners: ((reason: string) => void)[] = [];
  private readonly fatalListeners: ((error: unknown) => void)[] = [];

  onTerminate(listener: (reason: string) => void): void {
    this.terminateListeners.push(listener);
  }

  onFatal(listener: (error: unknown) => void): void {
    this.fatalListeners.push(listener);
  }

  writeStderr(line: string): void {
    this.stderr.push(line);
  }

  exit(code: number): void {
    this.exits.push(code);
  }

  terminate(reason = 'SIGTERM'): void {
    this.terminateListeners.forEach((l) => l(reason));
  }

  crash(error: unknown): void {
    this.fatalListeners.forEach((l) => l(error));
  }
}
