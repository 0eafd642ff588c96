import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DevPki, SERVER_NAME } from './dev-pki';

export const DEV_CA_USAGE = `Usage: npm run pki -- --out DIR [--car ID]... [--client NAME]...

Creates in DIR what is missing or no longer valid (keys EC P-256, 0600):
  ca.crt, ca.key                the development CA (ten years)
  server.crt, server.key        the broker: CN ank-server, SAN ank-server, localhost, 127.0.0.1
  fleet-api.crt, fleet-api.key  the API's client certificate (CN and SAN fleet-api)
  cars/<ID>.crt, cars/<ID>.key  one client certificate per --car (CN and SAN = the car id)
  <NAME>.crt, <NAME>.key        one per --client (e.g. a test or monitoring client)
Valid certificates already there are kept; a new CA means every certificate is issued again.
`;

const NAME = /^[a-zA-Z0-9_-]{1,63}$/;
const API_CLIENT = 'fleet-api';

export class DevCaUsageError extends Error {}

export interface DevCaOptions {
  out: string;
  cars: string[];
  clients: string[];
}

/** The command line of `tools/pki/dev-ca.ts`; null asks for the usage text. */
export function parseDevCaArgs(argv: readonly string[]): DevCaOptions | null {
  const options: DevCaOptions = { out: '', cars: [], clients: [] };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (flag === '-h' || flag === '--help') return null;
    if (!['--out', '--car', '--client'].includes(flag))
      throw new DevCaUsageError(`unknown argument ${flag}`);
    if (value === undefined || value.startsWith('--'))
      throw new DevCaUsageError(`${flag} needs a value`);
    if (flag === '--out') options.out = resolve(value);
    else
      (flag === '--car' ? options.cars : options.clients).push(
        checkName(flag, value),
      );
  }
  if (!options.out) throw new DevCaUsageError('--out is required');
  const reserved = options.cars.find(
    (car) => car.startsWith(API_CLIENT) || car === SERVER_NAME,
  );
  if (reserved)
    throw new DevCaUsageError(
      `the car id ${reserved} is reserved (the API's user or the server's name)`,
    );
  const clash = options.clients.find((name) =>
    ['ca', 'server', 'cars'].includes(name),
  );
  if (clash)
    throw new DevCaUsageError(
      `--client ${clash} would overwrite a file of the PKI itself`,
    );
  return options;
}

function checkName(flag: string, name: string): string {
  if (!NAME.test(name))
    throw new DevCaUsageError(
      `${flag} ${name}: use 1-63 letters, digits, "_" or "-"`,
    );
  return name;
}

/** Ensures the PKI of `options` and returns one line per file set: `created|kept <name> <cert file>`. */
export function runDevCa(
  options: DevCaOptions,
  pki = new DevPki(options.out),
): string[] {
  pki.ensure([API_CLIENT, ...options.clients]);
  const carsDir = join(options.out, 'cars');
  mkdirSync(carsDir, { recursive: true, mode: 0o700 });
  for (const car of options.cars)
    pki.clientCert(car, {
      certFile: join(carsDir, `${car}.crt`),
      keyFile: join(carsDir, `${car}.key`),
    });
  const state = (name: string) =>
    pki.created.includes(name) ? 'created' : 'kept';
  return [
    `${state('ca')} CA ${pki.caFile}`,
    `${state(SERVER_NAME)} ${SERVER_NAME} ${pki.server.certFile}`,
    ...[API_CLIENT, ...options.clients].map(
      (name) => `${state(name)} ${name} ${pki.filesFor(name).certFile}`,
    ),
    ...options.cars.map(
      (car) => `${state(car)} ${car} ${join(carsDir, `${car}.crt`)}`,
    ),
  ];
}
