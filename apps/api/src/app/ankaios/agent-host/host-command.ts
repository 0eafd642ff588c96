import { dirname } from 'node:path';
import type { VehicleState } from '@fleet/shared/contracts';
import type { AgentCommand } from '../process-spawner';

/** What `car-agent host` needs to run one car, split from the car's own command line. */
export interface HostedCar {
  name: string;
  tags: Record<string, string>;
  vehicleState?: VehicleState;
  /** The host's command line: `<script> host <shared flags> --run-folder <root>`. */
  host: AgentCommand;
  /** Equal for cars that can share one host (same node, script, shared flags and run root). */
  hostKey: string;
}

/**
 * V8 flags of the host process: thousands of cars' small objects otherwise let V8 grow the heap far beyond what
 * is live. A 3,000-car host on a private Mosquitto, 40 s after start: 401-477 MB RSS without, 196 MB with
 * `--optimize-for-size`, all cars connected after ~20 s either way. A small young generation as well
 * (`--max-semi-space-size=2`) saved a little more but spent a third of the host's time in GC and halved the
 * connect rate.
 */
export const HOST_NODE_FLAGS = ['--optimize-for-size'];

/** Flags that differ per car; the host takes them per car through its `add` command. */
const PER_CAR = new Set(['--name', '--tag', '--vehicle-state', '--run-folder']);
/** The host writes only warnings of its cars: thousands of cars must not flood the API's log. */
const HOST_LOG_LEVEL = 'warn';

/**
 * Splits an agent's command line (see buildAgentCommand) into the host's shared part and the car's own. The
 * car's node flags (before the script) are dropped: the host, busy with thousands of cars, has its own.
 */
export function hostedCar(command: AgentCommand): HostedCar {
  const scriptAt = command.args.findIndex((arg) => !arg.startsWith('--'));
  const [script, ...flags] = command.args.slice(scriptAt);
  const shared: string[] = [];
  const own = new Map<string, string[]>();
  for (let i = 0; i < flags.length; i++) {
    const flag = flags[i];
    if (PER_CAR.has(flag) && i + 1 < flags.length) {
      own.set(flag, [...(own.get(flag) ?? []), flags[++i]]);
    } else {
      shared.push(flag);
    }
  }
  const last = (flag: string) => own.get(flag)?.at(-1);
  const runRoot = dirname(command.runFolder);
  const tags = Object.fromEntries(
    (own.get('--tag') ?? []).map((tag) => {
      const eq = tag.indexOf('=');
      return [tag.slice(0, eq), tag.slice(eq + 1)];
    }),
  );
  const vehicleState = last('--vehicle-state') as VehicleState | undefined;
  const args = [
    ...HOST_NODE_FLAGS,
    script,
    'host',
    ...shared,
    '--run-folder',
    runRoot,
    '--log-level',
    HOST_LOG_LEVEL,
  ];
  return {
    name: last('--name') ?? '',
    tags,
    ...(vehicleState ? { vehicleState } : {}),
    host: { command: command.command, args, runFolder: runRoot },
    hostKey: JSON.stringify([command.command, args]),
  };
}
