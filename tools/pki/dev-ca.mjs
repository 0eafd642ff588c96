#!/usr/bin/env node
// A development PKI for the fleet's MQTT broker, made with the openssl CLI (Node cannot create certificates).
// The layout is the one the API creates under DATA_DIR/pki, so either may start it and the other continue.
import { execFileSync } from 'node:child_process';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const USAGE = `Usage: node tools/pki/dev-ca.mjs --out DIR [--car ID]... [--client NAME]...

Creates in DIR what is missing or no longer valid (keys EC P-256, 0600):
  ca.crt, ca.key                the development CA (ten years)
  server.crt, server.key        the broker: CN ank-server, SAN ank-server, localhost, 127.0.0.1
  fleet-api.crt, fleet-api.key  the API's client certificate (CN and SAN fleet-api)
  cars/<ID>.crt, cars/<ID>.key  one client certificate per --car (CN and SAN = the car id)
  <NAME>.crt, <NAME>.key        one per --client (e.g. a test or monitoring client)
Valid certificates already there are kept; a new CA means every certificate is issued again.
`;

const NAME = /^[a-zA-Z0-9_-]{1,63}$/;
const RENEW_BEFORE_MS = 7 * 24 * 3600_000;
const SERVER_SANS = 'DNS:ank-server,DNS:localhost,IP:127.0.0.1';

function parseArgs(argv) {
  const options = { out: null, cars: [], clients: [] };
  for (let i = 0; i < argv.length; i++) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (flag === '-h' || flag === '--help') return null;
    if (!['--out', '--car', '--client'].includes(flag))
      fail(`unknown argument ${flag}`);
    if (value === undefined || value.startsWith('--'))
      fail(`${flag} needs a value`);
    i++;
    if (flag === '--out') options.out = resolve(value);
    else
      (flag === '--car' ? options.cars : options.clients).push(
        checkName(value),
      );
  }
  if (!options.out) fail('--out is required');
  return options;
}

function checkName(name) {
  if (!NAME.test(name)) fail(`"${name}" must match [a-zA-Z0-9_-]{1,63}`);
  return name;
}

function fail(message) {
  process.stderr.write(`error: ${message}\n\n${USAGE}`);
  process.exit(2);
}

function openssl(args) {
  try {
    execFileSync('openssl', args, {
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: 10_000,
    });
  } catch (error) {
    throw new Error(
      `openssl ${args[0]} failed: ${
        String(error.stderr ?? error.message)
          .trim()
          .split('\n')[0]
      }`,
    );
  }
}

const newKey = (keyFile) => [
  '-newkey',
  'ec',
  '-pkeyopt',
  'ec_paramgen_curve:P-256',
  '-nodes',
  '-keyout',
  keyFile,
];
const commonName = (subject) =>
  (subject.split('\n').find((l) => l.startsWith('CN=')) ?? '').slice(3);

function loadCa(dir) {
  try {
    const ca = new X509Certificate(readFileSync(join(dir, 'ca.crt')));
    readFileSync(join(dir, 'ca.key'));
    return ca.ca && Date.parse(ca.validTo) > Date.now() ? ca : null;
  } catch {
    return null;
  }
}

function ensureCa(dir) {
  const existing = loadCa(dir);
  if (existing) return { ca: existing, created: false };
  openssl([
    'req',
    '-x509',
    ...newKey(join(dir, 'ca.key')),
    '-out',
    join(dir, 'ca.crt'),
    '-days',
    '3650',
    '-subj',
    '/O=Fleet OTA/CN=Fleet OTA development CA',
    '-config',
    '/dev/null',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
    '-addext',
    'subjectKeyIdentifier=hash',
  ]);
  chmodSync(join(dir, 'ca.key'), 0o600);
  return {
    ca: new X509Certificate(readFileSync(join(dir, 'ca.crt'))),
    created: true,
  };
}

function usable(certFile, keyFile, ca, name) {
  try {
    const cert = new X509Certificate(readFileSync(certFile));
    const key = createPrivateKey(readFileSync(keyFile));
    return (
      commonName(cert.subject) === name &&
      cert.checkIssued(ca) &&
      cert.verify(ca.publicKey) &&
      Date.parse(cert.validTo) > Date.now() + RENEW_BEFORE_MS &&
      cert.checkPrivateKey(key)
    );
  } catch {
    return false;
  }
}

/** Issues `name` unless a usable certificate is there; answers what it did. */
function ensureLeaf(dir, ca, { name, usage, sans, certFile, keyFile }) {
  if (usable(certFile, keyFile, ca, name)) return 'kept';
  openssl([
    'req',
    '-x509',
    ...newKey(keyFile),
    '-out',
    certFile,
    '-days',
    '825',
    '-subj',
    `/CN=${name}`,
    '-config',
    '/dev/null',
    '-CA',
    join(dir, 'ca.crt'),
    '-CAkey',
    join(dir, 'ca.key'),
    '-addext',
    'basicConstraints=critical,CA:FALSE',
    '-addext',
    'keyUsage=critical,digitalSignature',
    '-addext',
    `extendedKeyUsage=${usage}`,
    '-addext',
    `subjectAltName=${sans}`,
    '-addext',
    'authorityKeyIdentifier=keyid',
  ]);
  chmodSync(keyFile, 0o600);
  return 'issued';
}

function main() {
  const options = parseArgs(process.argv.slice(2));
  if (!options) return process.stdout.write(USAGE);
  const reserved = options.cars.find(
    (car) => car.startsWith('fleet-api') || car === 'ank-server',
  );
  if (reserved)
    fail(
      `the car id ${reserved} is reserved (the API's user or the server's name)`,
    );
  const clash = options.clients.find((name) =>
    ['ca', 'server', 'cars'].includes(name),
  );
  if (clash) fail(`--client ${clash} would overwrite a file of the PKI itself`);
  const dir = options.out;
  mkdirSync(join(dir, 'cars'), { recursive: true, mode: 0o700 });
  const { ca, created } = ensureCa(dir);
  console.log(`${created ? 'created' : 'kept'} CA ${join(dir, 'ca.crt')}`);
  const leaf = (name, usage, sans, base) => ({
    name,
    usage,
    sans,
    certFile: `${base}.crt`,
    keyFile: `${base}.key`,
  });
  const leaves = [
    leaf('ank-server', 'serverAuth', SERVER_SANS, join(dir, 'server')),
    ...['fleet-api', ...options.clients].map((n) =>
      leaf(n, 'clientAuth', `DNS:${n}`, join(dir, n)),
    ),
    ...options.cars.map((car) =>
      leaf(car, 'clientAuth', `DNS:${car}`, join(dir, 'cars', car)),
    ),
  ];
  for (const l of leaves)
    console.log(`${ensureLeaf(dir, ca, l)} ${l.name} ${l.certFile}`);
}

try {
  main();
} catch (error) {
  process.stderr.write(`error: ${error.message}\n`);
  process.exit(1);
}
