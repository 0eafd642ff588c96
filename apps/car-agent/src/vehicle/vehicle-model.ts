import type { VehicleState, VehicleTelemetry } from '@fleet/shared/contracts';

export interface VehicleSnapshot {
  state: VehicleState;
  batteryPct: number;
}

export const MIN_DRIVING_SPEED = 30;
export const MAX_DRIVING_SPEED = 130;
/** Percent per simulated second. */
const CHARGE_RATE = 0.05;
const BASE_DRAIN_RATE = 0.01;
const SPEED_DRAIN_RATE = 0.03;
/** Largest speed change per simulated second of driving. */
const SPEED_JITTER = 8;

/** Parked cars stand still and charge; driving cars move at 30-130 km/h and drain the battery. */
export class VehicleModel {
  private vehicleState: VehicleState;
  private battery: number;
  private speed = 0;
  private readonly listeners = new Set<(state: VehicleState) => void>();

  constructor(initial: VehicleSnapshot, private readonly random: () => number = Math.random) {
    this.vehicleState = initial.state;
    this.battery = clamp(initial.batteryPct, 0, 100);
    if (initial.state === 'driving') this.speed = this.startSpeed();
  }

  get state(): VehicleState {
    return this.vehicleState;
  }

  get speedKmh(): number {
    return Math.round(this.speed * 10) / 10;
  }

  get batteryPct(): number {
    return Math.round(this.battery * 10) / 10;
  }

  /** Answers whether the state changed. */
  setState(state: VehicleState): boolean {
    if (state === this.vehicleState) return false;
    this.vehicleState = state;
    this.speed = state === 'driving' ? this.startSpeed() : 0;
    this.listeners.forEach((listener) => listener(state));
    return true;
  }

  /** Calls back on every change of the vehicle state; answers the unsubscribe function. */
  onChange(listener: (state: VehicleState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Moves the simulation forward by `seconds` of simulated time. */
  advance(seconds: number): void {
    if (seconds <= 0) return;
    if (this.vehicleState === 'parked') {
      this.battery = clamp(this.battery + CHARGE_RATE * seconds, 0, 100);
      return;
    }
    const jitter = (this.random() * 2 - 1) * SPEED_JITTER * Math.min(seconds, 5);
    this.speed = clamp(this.speed + jitter, MIN_DRIVING_SPEED, MAX_DRIVING_SPEED);
    const drain = BASE_DRAIN_RATE + (this.speed / MAX_DRIVING_SPEED) * SPEED_DRAIN_RATE;
    this.battery = clamp(this.battery - drain * seconds, 0, 100);
  }

  snapshot(): VehicleSnapshot {
    return { state: this.vehicleState, batteryPct: this.batteryPct };
  }

  telemetry(region: string, at: Date): VehicleTelemetry {
    return { state: this.state, speedKmh: this.speedKmh, batteryPct: this.batteryPct, region, at: at.toISOString() };
  }

  private startSpeed(): number {
    return MIN_DRIVING_SPEED + this.random() * 40;
  }
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/** A plausible battery level for a car that has no saved state yet. */
export function initialBatteryPct(random: () => number): number {
  return Math.round(50 + random() * 50);
}
