export type VehicleState = 'parked' | 'driving';
export const VEHICLE_STATES: readonly VehicleState[] = ['parked', 'driving'];

/**
 * Where the car's agent process stands, as the API sees it.
 * `starting`: spawned, not yet online; `offline`: its MQTT connection is lost (last will);
 * `crashed`: the process died and a restart is scheduled; `stopped`: the restart limit was reached.
 */
export type CarConnection = 'starting' | 'online' | 'offline' | 'crashed' | 'stopped';
export const CAR_CONNECTIONS: readonly CarConnection[] = ['starting', 'online', 'offline', 'crashed', 'stopped'];

/** Where the car's latest update stands. */
export type UpdateState = 'idle' | 'updating' | 'succeeded' | 'failed' | 'rolled-back';

/**
 * The colour the console shows (the seed's codes): green `ok`, yellow `updating`,
 * red `failed`, grey `parked`; `offline` for cars whose agent is not connected.
 */
export type CarDisplayStatus = 'ok' | 'updating' | 'failed' | 'parked' | 'offline';
export const CAR_DISPLAY_STATUSES: readonly CarDisplayStatus[] = ['ok', 'updating', 'failed', 'parked', 'offline'];

export interface WorkloadSummary {
  total: number;
  running: number;
  pending: number;
  stopping: number;
  succeeded: number;
  failed: number;
  /** NotScheduled, AgentDisconnected. */
  other: number;
}

export interface CarView {
  /** The car id: its Ankaios agent name. */
  id: string;
  region: string;
  model: string;
  vehicleState: VehicleState;
  /** When the car entered its vehicle state, by the car's clock; null until the car has said. */
  vehicleStateSince: string | null;
  speedKmh: number;
  batteryPct: number;
  connection: CarConnection;
  updateState: UpdateState;
  display: CarDisplayStatus;
  /** The fleet software version the car runs (the image tag its workloads share); null before its first report. */
  version: string | null;
  workloads: WorkloadSummary;
  load: { cpuUsage: number; freeMemory: number } | null;
  /** The Symphony Target registered for this car (`car-<id>`). */
  target: string;
  restarts: number;
  pid: number | null;
  lastSeenAt: string | null;
  createdAt: string;
}

export function emptyWorkloadSummary(): WorkloadSummary {
  return { total: 0, running: 0, pending: 0, stopping: 0, succeeded: 0, failed: 0, other: 0 };
}

/** The seed's colour rule: updating beats failed beats offline beats parked beats ok. */
export function displayStatusOf(
  car: Pick<CarView, 'connection' | 'updateState' | 'vehicleState' | 'workloads'>,
): CarDisplayStatus {
  if (car.updateState === 'updating') return 'updating';
  if (car.updateState === 'failed' || car.workloads.failed > 0 || car.connection === 'crashed' || car.connection === 'stopped')
    return 'failed';
  if (car.connection !== 'online') return 'offline';
  return car.vehicleState === 'parked' ? 'parked' : 'ok';
}

export function symphonyTargetName(carId: string): string {
  return `car-${carId}`;
}

export interface FleetSummary {
  total: number;
  byDisplay: Record<CarDisplayStatus, number>;
  byRegion: Record<string, number>;
  byVersion: Record<string, number>;
}
