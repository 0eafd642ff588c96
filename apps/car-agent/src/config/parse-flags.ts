import { accessSync, constants, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { ANKAIOS_NAME_PATTERN, REGION_PATTERN, VEHICLE_STATES } from '@fleet/shared/contracts';
import type { VehicleState } from '@fleet/shared/contracts';
import { AgentConfig, DEFAULT_SERVER_URL, MqttAuth, TlsFiles } from './agent-config';
import { FlagError, ScannedFlags, scanFlags } from './flag-scanner';

export type ParsedFlags =
  | { kind: 'run'; config: AgentConfig }
  | { kind: 'help' }
  | { kind: 'error'; message: string };

export type IsReadable = (path: string) => boolean;

const MAX_SIM_SPEED = 1000;

/** Parses and validates the command line; never throws. */
export function parseFlags(argv: readonly string[], isReadable: IsReadable = readableFile): ParsedFlags {
  try {
    const flags = scanFlags(argv);
    if (flags.switches.has('help')) return { kind: 'help' };
    return { kind: 'run', config: toConfig(flags, isReadable) };
  } catch (error) {
    if (error instanceof FlagError) return { kind: 'error', message: error.message };
    throw error;
  }
}

function toConfig(flags: ScannedFlags, isReadable: IsReadable): AgentConfig {
  const last = (flag: string) => flags.values.get(flag)?.slice(-1)[0] ?? null;
  const name = last('name');
  if (name === null) throw new FlagError('--name is required');
  if (!ANKAIOS_NAME_PATTERN.test(name)) throw new FlagError(`--name "${name}" must match [a-zA-Z0-9_-]{1,63}`);
  const serverUrl = checkServerUrl(last('server-url') ?? DEFAULT_SERVER_URL);
  const insecure = flags.switches.has('insecure');
  const mqttAuth = mqttAuthOf(last('mqtt-username'), last('mqtt-password-file'), isReadable);
  const tls = tlsFiles(last('ca_pem'), last('crt_pem'), last('key_pem'), mqttAuth !== null, isReadable);
  if (!tls && !insecure) throw new FlagError('neither certificates (--ca_pem, --crt_pem, --key_pem) nor --insecure given');
  if (tls && insecure) throw new FlagError('--insecure and certificates exclude each other');
  if (tls && !serverUrl.startsWith('mqtts:')) throw new FlagError('certificates need an mqtts:// --server-url');
  const manifestPath = last('manifest');
  if (manifestPath !== null && !isReadable(manifestPath)) throw new FlagError(`--manifest ${manifestPath} is not a readable file`);
  return {
    name,
    serverUrl,
    insecure,
    tls,
    mqttAuth,
    tags: parseTags(flags.values.get('tag') ?? []),
    runFolder: last('run-folder') ?? join(tmpdir(), 'ankaios', `${name}_io`),
    manifestPath,
    initialVehicleState: vehicleState(last('vehicle-state') ?? 'parked'),
    simSpeed: simSpeed(last('sim-speed') ?? '1'),
  };
}

function checkServerUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new FlagError(`--server-url "${value}" is not a URL`);
  }
  if (url.protocol !== 'mqtt:' && url.protocol !== 'mqtts:') throw new FlagError(`--server-url "${value}" must be mqtt:// or mqtts://`);
  return value;
}

function tlsFiles(
  caPem: string | null,
  crtPem: string | null,
  keyPem: string | null,
  withPassword: boolean,
  isReadable: IsReadable,
): TlsFiles | null {
  const given = [caPem, crtPem, keyPem].filter((p) => p !== null).length;
  if (given === 0) return null;
  // The CA alone authenticates the broker; the agent then authenticates itself with its password.
  const caAlone = given === 1 && caPem !== null && withPassword;
  if (!caPem || (given < 3 && !caAlone)) throw new FlagError('--ca_pem, --crt_pem and --key_pem go together (--ca_pem alone with --mqtt-password-file)');
  for (const [flag, path] of [['ca_pem', caPem], ['crt_pem', crtPem], ['key_pem', keyPem]])
    if (path !== null && !isReadable(path)) throw new FlagError(`--${flag} ${path} is not a readable file`);
  return { caPem, crtPem, keyPem };
}

function mqttAuthOf(username: string | null, passwordFile: string | null, isReadable: IsReadable): MqttAuth | null {
  if (passwordFile === null) {
    if (username !== null) throw new FlagError('--mqtt-username needs --mqtt-password-file');
    return null;
  }
  // A relative path lies inside the run folder (one flag value serves every car of an agent host); it is read at start.
  if (isAbsolute(passwordFile) && !isReadable(passwordFile)) throw new FlagError(`--mqtt-password-file ${passwordFile} is not a readable file`);
  return { username, passwordFile };
}

function parseTags(values: string[]): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const value of values) {
    const eq = value.indexOf('=');
    const key = value.slice(0, eq);
    if (eq < 1 || !/^[a-zA-Z0-9_.-]+$/.test(key)) throw new FlagError(`--tag "${value}" must be key=value`);
    tags[key] = value.slice(eq + 1);
  }
  if (tags['region'] !== undefined && !REGION_PATTERN.test(tags['region']))
    throw new FlagError(`--tag region=${tags['region']} must be a lower-case word such as "munich"`);
  return tags;
}

function vehicleState(value: string): VehicleState {
  const state = VEHICLE_STATES.find((s) => s === value);
  if (!state) throw new FlagError(`--vehicle-state "${value}" must be parked or driving`);
  return state;
}

function simSpeed(value: string): number {
  const factor = Number(value);
  if (!Number.isFinite(factor) || factor <= 0 || factor > MAX_SIM_SPEED)
    throw new FlagError(`--sim-speed "${value}" must be a number above 0 and at most ${MAX_SIM_SPEED}`);
  return factor;
}

function readableFile(path: string): boolean {
  try {
    accessSync(path, constants.R_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
