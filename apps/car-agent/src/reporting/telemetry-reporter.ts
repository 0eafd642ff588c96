import type { VehicleTelemetry } from '@fleet/shared/contracts';
import type { Clock } from '../agent/clock';
import type { VehicleModel } from '../vehicle/vehicle-model';
import { Periodic } from './periodic';

export const VEHICLE_TICK_MS = 1_000;
export const TELEMETRY_HEARTBEAT_MS = 5_000;
/** A speed change of this many km/h counts as a change worth publishing. */
const SPEED_STEP = 10;

export interface TelemetryReporterOptions {
  clock: Clock;
  vehicle: VehicleModel;
  region: string;
  simSpeed: number;
  /**
   * `changed` is false for the 5 s heartbeat when the state is the same and the speed within the step: a sample the
   * next one supersedes (the battery level rides on it). The first telemetry, a state or speed change and
   * `publishNow()` are flagged changed and go out at once.
   */
  publish: (telemetry: VehicleTelemetry, changed: boolean) => void;
  /** Called when the whole-number battery level moves, so it gets saved (lazily: see StateSaver.scheduleLazy). */
  onBatteryStep: () => void;
}

/**
 * Advances the vehicle every second; publishes telemetry on a state or speed change and every 5 s. A battery step
 * waits for the heartbeat: a charging car at `--sim-speed 20` moves a whole percent every second, and at 10,000
 * cars publishing each step was 10,000 messages a second for a figure nothing acts on.
 */
export class TelemetryReporter {
  private readonly ticker: Periodic;
  private last: VehicleTelemetry | null = null;
  private lastAt = 0;

  constructor(private readonly options: TelemetryReporterOptions) {
    this.ticker = new Periodic(options.clock, VEHICLE_TICK_MS, () => this.tick());
  }

  start(): void {
    this.ticker.start();
  }

  stop(): void {
    this.ticker.stop();
  }

  /** Publishes the current telemetry at once, flagged changed (after a state command, on connect). */
  publishNow(): void {
    this.publish(true);
  }

  private publish(changed: boolean): void {
    const { vehicle, region, clock } = this.options;
    this.last = vehicle.telemetry(region, clock.now());
    this.lastAt = clock.now().getTime();
    this.options.publish(this.last, changed);
  }

  private tick(): void {
    const { vehicle, simSpeed, clock } = this.options;
    const batteryBefore = Math.floor(vehicle.batteryPct);
    vehicle.advance((VEHICLE_TICK_MS / 1000) * simSpeed);
    if (Math.floor(vehicle.batteryPct) !== batteryBefore) this.options.onBatteryStep();
    const due = clock.now().getTime() - this.lastAt >= TELEMETRY_HEARTBEAT_MS;
    const changed = this.changedSinceLast();
    if (due || changed) this.publish(changed);
  }

  private changedSinceLast(): boolean {
    const { vehicle } = this.options;
    if (!this.last) return true;
    return (
      this.last.state !== vehicle.state ||
      Math.abs(this.last.speedKmh - vehicle.speedKmh) >= SPEED_STEP
    );
  }
}
