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
 * V8 flags of the host process: none. `--optimize-for-size` kept the host small (3,000 cars: 196 MB RSS
 * against 401-477 MB, measured when the host was young) but on the 2-core benchmark machine it made the host
 * take up to a whole core at 10,000 reporting cars, which the API then lacked. Without it (2026-11-27): 10,000
 * cars 586-596 MB RSS (~60 KB a car), 3,000 cars 199 MB (68 KB), within the 100 KB target; the host's CPU
 * about halved, the API's list and realtime figures and the update rate improved (README, Performance).
 */
export const HOST_NODE_FLAGS: readonly string[] = [];

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
