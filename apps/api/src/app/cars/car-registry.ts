import { Injectable } from '@nestjs/common';
import {
  displayStatusOf,
  emptyWorkloadSummary,
  symphonyTargetName,
} from '@fleet/shared/contracts';
import type {
  AgentHello,
  AgentLoad,
  AgentStatusMessage,
  CarStatus,
  CarView,
  CarWorkloadStatus,
  UpdateState,
  VehicleState,
  VehicleTelemetry,
  WorkloadStatesReport,
} from '@fleet/shared/contracts';
import { Subject } from 'rxjs';
import type { AgentProcessEvent } from '../ankaios/supervised-agent';
import { Clock } from '../common/clock';
import { keepEqual } from '../common/keep-equal';
import {
  summarizeWorkloads,
  workloadStatusesKeeping,
} from './workload-summary';

export type CarChange =
  | { kind: 'changed'; car: CarView }
  | { kind: 'removed'; id: string };

export interface RegisteredCar {
  id: string;
  region: string;
  model: string;
  vehicleState: VehicleState;
  version: string | null;
  createdAt: string;
}

interface LiveCar {
  view: CarView;
  /** The agent instance whose status we last accepted. */
  instanceId: string | null;
  workloadStates: CarWorkloadStatus[];
  workloadStatesAt: string | null;
}

/**
 * The live view of every car, in memory: fed by the agents' MQTT messages and by the supervisor.
 * Every change is published on `changes$`. Methods return false for a car the registry does not know.
 */
@Injectable()
export class CarRegistry {
  private readonly cars = new Map<string, LiveCar>();
  /** The cars of each region in creation order; list queries filter by region most of the time. */
  private readonly regions = new Map<string, LiveCar[]>();
  readonly changes$ = new Subject<CarChange>();
  private readonly serialised = new WeakMap<CarView, string>();

  constructor(private readonly clock: Clock) {}

  get size(): number {
    return this.cars.size;
  }

  has(id: string): boolean {
    return this.cars.has(id);
  }

  get(id: string): CarView | undefined {
    return this.cars.get(id)?.view;
  }

  /** A view's JSON, serialised once per view (views are never changed once handed out; a change makes a new one). */
  json(view: CarView): string {
    let text = this.serialised.get(view);
    if (text === undefined) {
      text = JSON.stringify(view);
      this.serialised.set(view, text);
    }
    return text;
  }

  /** Every car's id (`all`: every view), in creation order. */
  ids(): IterableIterator<string> {
    return this.cars.keys();
  }

  all(): CarView[] {
    return Array.from(this.cars.values(), (car) => car.view);
  }

  /** The cars of one region (or all), in creation order, without copying the registry. */
  *views(region?: string): IterableIterator<CarView> {
    const cars =
      region === undefined
        ? this.cars.values()
        : (this.regions.get(region) ?? []);
    for (const car of cars) yield car.view;
  }

  /** Cars `start` to `end` (exclusive) of one region (or all) in creation order, and how many there are: no scan. */
  slice(
    region: string | undefined,
    start: number,
    end: number,
  ): { items: CarView[]; total: number } {
    if (region !== undefined) {
      const cars = this.regions.get(region) ?? [];
      return {
        items: cars.slice(start, end).map((car) => car.view),
        total: cars.length,
      };
    }
    const items: CarView[] = [];
    let at = 0;
    for (const car of this.cars.values()) {
      if (at >= end) break;
      if (at >= start) items.push(car.view);
      at++;
    }
    return { items, total: this.cars.size };
  }

  status(id: string): CarStatus | undefined {
    const car = this.cars.get(id);
    return (
      car && {
        ...car.view,
        workloadStates: car.workloadStates,
        workloadStatesAt: car.workloadStatesAt,
      }
    );
  }

  add(car: RegisteredCar): CarView {
    const view = withDisplay({
      ...car,
      vehicleStateSince: null,
      speedKmh: 0,
      batteryPct: 100,
      connection: 'starting',
      updateState: 'idle',
      display: 'offline',
      workloads: emptyWorkloadSummary(),
      load: null,
      target: symphonyTargetName(car.id),
      restarts: 0,
      pid: null,
      lastSeenAt: null,
    });
    const live: LiveCar = {
      view,
      instanceId: null,
      workloadStates: [],
      workloadStatesAt: null,
    };
    this.cars.set(car.id, live);
    const region = this.regions.get(car.region);
    if (region) region.push(live);
    else this.regions.set(car.region, [live]);
    this.changes$.next({ kind: 'changed', car: view });
    return view;
  }

  remove(id: string): boolean {
    const car = this.cars.get(id);
    if (!car) return false;
    this.cars.delete(id);
    const region = this.regions.get(car.view.region);
    const at = region?.indexOf(car) ?? -1;
    if (region && at >= 0) region.splice(at, 1);
    if (region?.length === 0) this.regions.delete(car.view.region);
    this.changes$.next({ kind: 'removed', id });
    return true;
  }

  applyStatus(id: string, status: AgentStatusMessage): boolean {
    const car = this.cars.get(id);
    if (!car) return false;
    if (status.online) {
      car.instanceId = status.instanceId;
      this.update(car, {
        connection: 'online',
        lastSeenAt: this.clock.nowIso(),
      });
      return true;
    }
    // A last will of an older instance, or of a process the supervisor already reports on, says nothing new.
    const foreign =
      car.instanceId !== null && car.instanceId !== status.instanceId;
    if (foreign || car.view.connection !== 'online') return true;
    this.update(car, { connection: 'offline' });
    return true;
  }

  applyHello(id: string, hello: AgentHello): boolean {
    const car = this.cars.get(id);
    if (!car) return false;
    this.update(car, { pid: hello.pid, lastSeenAt: this.clock.nowIso() });
    return true;
  }

  applyLoad(id: string, load: AgentLoad): boolean {
    const car = this.cars.get(id);
    if (!car) return false;
    this.update(car, {
      load: keepEqual(car.view.load, {
        cpuUsage: load.cpuUsage,
        freeMemory: load.freeMemory,
      }),
      lastSeenAt: this.clock.nowIso(),
    });
    return true;
  }

  applyVehicle(id: string, telemetry: VehicleTelemetry): boolean {
    const car = this.cars.get(id);
    if (!car) return false;
    const { state, speedKmh, batteryPct } = telemetry;
    const { vehicleState, vehicleStateSince } = car.view;
    this.update(car, {
      vehicleState: keepEqual(vehicleState, state),
      vehicleStateSince:
        state !== vehicleState || vehicleStateSince === null
          ? telemetry.at
          : vehicleStateSince,
      speedKmh,
      batteryPct,
      lastSeenAt: this.clock.nowIso(),
    });
    return true;
  }

  /** Returns the previous version as well, so that callers can persist a change. */
  applyWorkloadStates(
    id: string,
    report: WorkloadStatesReport,
  ): { known: boolean; previousVersion: string | null } {
    const car = this.cars.get(id);
    if (!car) return { known: false, previousVersion: null };
    const previousVersion = car.view.version;
    // A heartbeat report repeats the last one: unchanged parts keep their old objects, so that the parsed
    // report dies young instead of being kept (see keepEqual).
    car.workloadStates = workloadStatusesKeeping(car.workloadStates, report);
    car.workloadStatesAt = report.at;
    this.update(car, {
      workloads: keepEqual(car.view.workloads, summarizeWorkloads(report)),
      version: keepEqual(previousVersion, report.version),
      lastSeenAt: this.clock.nowIso(),
    });
    return { known: true, previousVersion };
  }

  applyProcess(event: AgentProcessEvent): boolean {
    const car = this.cars.get(event.carId);
    if (!car) return false;
    this.update(car, {
      connection: event.connection,
      pid: event.pid,
      restarts: event.restarts,
    });
    return true;
  }

  /** Where the car's latest update stands (set by the updates module). */
  setUpdateState(id: string, state: UpdateState): boolean {
    const car = this.cars.get(id);
    if (!car) return false;
    this.update(car, { updateState: state });
    return true;
  }

  /** `since`: when the car entered the state, by its clock (its command answer says); else now. */
  setVehicleState(
    id: string,
    state: VehicleState,
    since: string = this.clock.nowIso(),
  ): boolean {
    const car = this.cars.get(id);
    if (!car) return false;
    if (car.view.vehicleState === state && car.view.vehicleStateSince !== null)
      return true;
    this.update(car, { vehicleState: state, vehicleStateSince: since });
    return true;
  }

  /** A new view object per change (views handed out stay as they were); one copy, not two. */
  private update(car: LiveCar, patch: Partial<CarView>): void {
    const view: CarView = { ...car.view, ...patch };
    view.display = displayStatusOf(view);
    car.view = view;
    this.changes$.next({ kind: 'changed', car: view });
  }
}

function withDisplay(car: CarView): CarView {
  return { ...car, display: displayStatusOf(car) };
}
