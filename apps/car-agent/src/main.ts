// The shared contracts' DTO classes carry class-transformer decorators, which need the Reflect metadata API.
import 'reflect-metadata';
import { createNodeDeps } from './agent/create-deps';
import { launchAgent } from './agent/launch';
import { EXIT_BAD_START } from './agent/startup-error';
import { HELP_TEXT } from './config/help';
import { parseFlags } from './config/parse-flags';
import { runHost } from './host/run-host';

const argv = process.argv.slice(2);
if (argv[0] === 'host') {
  runHost(argv.slice(1));
} else {
  const parsed = parseFlags(argv);
  if (parsed.kind === 'help') {
    process.stdout.write(HELP_TEXT);
  } else if (parsed.kind === 'error') {
    process.stderr.write(`error: ${parsed.message}\n`);
    process.exitCode = EXIT_BAD_START;
  } else {
    launchAgent(createNodeDeps(parsed.config));
  }
}
