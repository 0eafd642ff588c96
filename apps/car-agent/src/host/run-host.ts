import { EXIT_BAD_START } from '../agent/startup-error';
import { HOST_HELP_TEXT } from './host-help';
import { parseHostFlags } from './host-config';
import { launchHost } from './launch-host';

/** `car-agent host ...`: parse, then run the host (or print help / one error line with exit code 2). */
export function runHost(argv: readonly string[]): void {
  const host = parseHostFlags(argv);
  if (host === 'help') {
    process.stdout.write(HOST_HELP_TEXT);
  } else if ('error' in host) {
    process.stderr.write(`error: ${host.error}\n`);
    process.exitCode = EXIT_BAD_START;
  } else {
    launchHost(host);
  }
}
