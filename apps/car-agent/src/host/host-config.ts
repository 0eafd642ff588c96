import { join } from 'node:path';
import { ANKAIOS_NAME_PATTERN } from '@fleet/shared/contracts';
import type { AgentConfig } from '../config/agent-config';
import { FlagError } from '../config/flag-scanner';
import { IsReadable, parseFlags } from '../config/parse-flags';

export interface HostConfig {
  /** Flags every car shares (server, TLS, manifest, speed, tags); `name` and `runFolder` are per car. */
  base: AgentConfig;
  /** The folder under which each car keeps `<name>/state.json`. */
  runRoot: string;
  /** Cars to start at once: `<prefix>-<n>` for n in 1..count. */
  count: number;
  prefix: string;
  /** Lines below this level are not written (10,000 cars must not flood stdout). */
  logLevel: 'debug' | 'info' | 'warn' | 'error';
}

const PLACEHOLDER = 'agent-host';
const LEVELS = ['debug', 'info', 'warn', 'error'] as const;

/** `host [agent flags without --name] [--count N] [--prefix P] [--log-level L]`. */
export function parseHostFlags(argv: readonly string[], isReadable?: IsReadable): HostConfig | { error: string } | 'help' {
  try {
    const own = extract(argv, ['count', 'prefix', 'log-level']);
    if (own.rest.some((a) => a === '--name' || a === '-n' || a.startsWith('--name=')))
      throw new FlagError('host mode takes no --name; cars come from --count or the parent');
    const parsed = parseFlags([...own.rest, '--name', PLACEHOLDER], isReadable);
    if (parsed.kind === 'help') return 'help';
    if (parsed.kind === 'error') return { error: parsed.message };
    const count = Number(own.values['count'] ?? '0');
    if (!Number.isInteger(count) || count < 0 || count > 100_000) throw new FlagError('--count must be a whole number from 0 to 100000');
    const prefix = own.values['prefix'] ?? 'sim';
    if (!ANKAIOS_NAME_PATTERN.test(`${prefix}-${count}`)) throw new FlagError(`--prefix "${prefix}" makes invalid agent names`);
    const logLevel = (own.values['log-level'] ?? 'warn') as HostConfig['logLevel'];
    if (!LEVELS.includes(logLevel)) throw new FlagError('--log-level must be debug, info, warn or error');
    const runRoot = parsed.config.runFolder.endsWith(`${PLACEHOLDER}_io`) ? join(parsed.config.runFolder, '..') : parsed.config.runFolder;
    return { base: parsed.config, runRoot, count, prefix, logLevel };
  } catch (error) {
    if (error instanceof FlagError) return { error: error.message };
    throw error;
  }
}

/** One car's configuration inside the host. */
export function carConfig(host: HostConfig, name: string, tags: Record<string, string> = {}, vehicleState?: AgentConfig['initialVehicleState']): AgentConfig {
  return {
    ...host.base,
    name,
    tags: { ...host.base.tags, ...tags },
    runFolder: join(host.runRoot, name),
    initialVehicleState: vehicleState ?? host.base.initialVehicleState,
  };
}

function extract(argv: readonly string[], names: string[]): { values: Record<string, string>; rest: string[] } {
  const values: Record<string, string> = {};
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const name = names.find((n) => arg === `--${n}` || arg.startsWith(`--${n}=`));
    if (!name) {
      rest.push(arg);
      continue;
    }
    const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i];
    if (value === undefined) throw new FlagError(`--${name} needs a value`);
    values[name] = value;
  }
  return { values, rest };
}
