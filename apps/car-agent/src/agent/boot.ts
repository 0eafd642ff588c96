import type { VehicleState } from '@fleet/shared/contracts';
import type { Logger } from '../logging/logger';
import { loadBaseManifest } from '../manifest/base-manifest';
import type { StateFile } from '../persistence/state-file';
import { initialBatteryPct, VehicleSnapshot } from '../vehicle/vehicle-model';
import type { ClusterPort } from './cluster-port';
import { StartupError } from './startup-error';

export interface BootInput {
  agentName: string;
  stateFile: StateFile;
  cluster: ClusterPort;
  manifestPath: string | null;
  initialVehicleState: VehicleState;
  random: () => number;
  logger: Logger;
  readManifest?: (path: string, agentName: string) => string;
}

/**
 * Restores the desired state and vehicle from the run folder; on the very first start (no state
 * file) applies the base manifest instead. Answers the vehicle to simulate and whether it is fresh.
 */
export function bootState(input: BootInput): { vehicle: VehicleSnapshot; firstStart: boolean } {
  const { stateFile, cluster, logger } = input;
  try {
    stateFile.ensureFolder();
  } catch (error) {
    throw new StartupError(`cannot use run folder ${stateFile.folder}: ${String(error)}`);
  }
  const loaded = stateFile.load();
  if (loaded.kind === 'loaded') {
    cluster.restore(loaded.state.desiredState);
    logger.info('state restored', { path: stateFile.path, workloads: Object.keys(loaded.state.desiredState.workloads) });
    return { vehicle: loaded.state.vehicle, firstStart: false };
  }
  if (loaded.kind === 'corrupt') {
    throw new StartupError(`state file ${stateFile.path} is unreadable (${loaded.error}); move it away to start afresh`);
  }
  if (input.manifestPath) applyBaseManifest(input);
  return { vehicle: { state: input.initialVehicleState, batteryPct: initialBatteryPct(input.random) }, firstStart: true };
}

function applyBaseManifest(input: BootInput): void {
  const path = input.manifestPath as string;
  let text: string;
  try {
    text = (input.readManifest ?? loadBaseManifest)(path, input.agentName);
  } catch (error) {
    throw new StartupError(`cannot read --manifest ${path}: ${String(error)}`);
  }
  const response = input.cluster.applyManifest(text);
  if (response.error) throw new StartupError(`--manifest ${path} was refused: ${response.error}`);
  input.logger.info('base manifest applied', {
    path,
    workloads: response.added_workloads.map((w) => w.workload_name),
  });
}
