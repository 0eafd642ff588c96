import { createNodeDeps } from './agent/create-deps';
import { launchAgent } from './agent/launch';
import { EXIT_BAD_START } from './agent/startup-error';
import { HELP_TEXT } from './config/help';
import { parseFlags } from './config/parse-flags';

const parsed = parseFlags(process.argv.slice(2));
if (parsed.kind === 'help') {
  process.stdout.write(HELP_TEXT);
} else if (parsed.kind === 'error') {
  process.stderr.write(`error: ${parsed.message}\n`);
  process.exitCode = EXIT_BAD_START;
} else {
  launchAgent(createNodeDeps(parsed.config));
}
