// The development PKI for the fleet's MQTT broker (`npm run pki -- --help`); the API's own DevPki makes it.
import {
  DEV_CA_USAGE,
  parseDevCaArgs,
  runDevCa,
} from '../../apps/api/src/app/pki/dev-ca-cli';

try {
  const options = parseDevCaArgs(process.argv.slice(2));
  if (options) for (const line of runDevCa(options)) console.log(line);
  else process.stdout.write(DEV_CA_USAGE);
} catch (error) {
  process.stderr.write(`error: ${(error as Error).message}\n`);
  process.exit(1);
}
