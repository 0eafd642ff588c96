/** Flags that take a value; everything else in FLAG_ALIASES is a switch. */
const VALUE_FLAGS = new Set([
  'name', 'server-url', 'ca_pem', 'crt_pem', 'key_pem', 'tag', 'run-folder', 'manifest', 'vehicle-state', 'sim-speed',
  'mqtt-username', 'mqtt-password-file',
]);
const SWITCHES = new Set(['insecure', 'help']);
const FLAG_ALIASES: Record<string, string> = { n: 'name', s: 'server-url', k: 'insecure', t: 'tag', r: 'run-folder', h: 'help' };

export interface ScannedFlags {
  values: Map<string, string[]>;
  switches: Set<string>;
}

export class FlagError extends Error {}

/** Splits argv into flag values (`--flag value`, `--flag=value`, `-f value`) and switches. */
export function scanFlags(argv: readonly string[]): ScannedFlags {
  const values = new Map<string, string[]>();
  const switches = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const { flag, inline } = splitArg(arg);
    if (SWITCHES.has(flag)) {
      if (inline !== undefined) throw new FlagError(`--${flag} takes no value`);
      switches.add(flag);
      continue;
    }
    if (!VALUE_FLAGS.has(flag)) throw new FlagError(`unknown argument ${arg}`);
    const value = inline ?? argv[++i];
    if (value === undefined || value === '' || (inline === undefined && value.startsWith('-')))
      throw new FlagError(`--${flag} needs a value`);
    values.set(flag, [...(values.get(flag) ?? []), value]);
  }
  return { values, switches };
}

function splitArg(arg: string): { flag: string; inline?: string } {
  if (arg.startsWith('--')) {
    const eq = arg.indexOf('=');
    return eq < 0 ? { flag: arg.slice(2) } : { flag: arg.slice(2, eq), inline: arg.slice(eq + 1) };
  }
  if (/^-[a-zA-Z]$/.test(arg)) return { flag: FLAG_ALIASES[arg.slice(1)] ?? arg };
  return { flag: arg };
}
