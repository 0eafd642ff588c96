import {
  Injectable,
  Logger,
  OnModuleDestroy,
  OnModuleInit,
} from '@nestjs/common';
import type {
  AgentHello,
  CarView,
  CarWorkloadDetail,
  CompleteState,
  DesiredState,
  FleetCompleteState,
  SdkCompleteState,
  WorkloadStatesReport,
} from '@fleet/shared/contracts';
import { Subscription } from 'rxjs';
import { CarRegistry } from '../../cars/car-registry';
import { Clock } from '../../common/clock';
import {
  applyAnswer,
  applyReport,
  CarMirror,
  namesUnknownInstances,
  newCarMirror,
} from './car-mirror';
import {
  carCompleteState,
  carWorkloads,
  fleetCompleteState,
} from './car-views';
import { readStateAnswer } from './sdk-state';

/**
 * The fleet's Ankaios CompleteState, mirrored in memory: workload states from the cars' pushed reports,
 * desired states and corrections from the polling answers, agent presence and load from the car registry.
 * It holds exactly the cars the registry knows.
 */
@Injectable()
export class FleetStateMirror implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(FleetStateMirror.name);
  private readonly cars = new Map<string, CarMirror>();
  /** The car ids by agent name; rebuilt on the first read after a car came or went. */
  private sortedIds: string[] | null = null;
  /** Per region, its agents in `sortedIds` order; made again when a car comes or goes (a car keeps its region). */
  private sortedIdsByRegion = new Map<string, string[]>();
  private subscription: Subscription | null = null;

  constructor(
    private readonly registry: CarRegistry,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    for (const car of this.registry.all()) this.track(car);
    this.subscription = this.registry.changes$.subscribe((change) => {
      if (change.kind === 'removed') {
        if (this.cars.delete(change.id)) this.forgetOrder();
      } else this.track(change.car);
    });
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
  }

  has(carId: string): boolean {
    return this.cars.has(carId);
  }

  /** The cars whose agent is connected: the ones a state request can reach (no copy of the fleet). */
  *connectedIds(): IterableIterator<string> {
    for (const car of this.cars.values()) if (car.connected) yield car.id;
  }

  isConnected(carId: string): boolean {
    return this.cars.get(carId)?.connected ?? false;
  }

  /** True when the report names instances the mirrored desired state does not know: ask the car's state. */
  namesUnknownInstances(carId: string, report: WorkloadStatesReport): boolean {
    const car = this.cars.get(carId);
    return car !== undefined && namesUnknownInstances(car, report);
  }

  applyReport(carId: string, report: WorkloadStatesReport): boolean {
    const car = this.cars.get(carId);
    if (!car) return false;
    if (!applyReport(car, report, this.now()))
      this.logger.debug(`car=${carId} dropped a report older than the last`);
    return true;
  }

  applyHello(carId: string, hello: AgentHello): boolean {
    const car = this.cars.get(carId);
    if (!car) return false;
    car.agent = { ...car.agent, tags: { ...hello.tags } };
    return true;
  }

  /** A polling answer to the request sent at `sentAt` (API clock, ms). */
  applyStateAnswer(
    carId: string,
    answer: SdkCompleteState,
    sentAt: number,
  ): boolean {
    const car = this.cars.get(carId);
    if (!car) return false;
    // Most answers repeat the desired state of the last one (it changes with deployments only): comparing its
    // text is far cheaper than reading it again (YAML runtime configs, a sha256 per workload instance).
    const desiredText = JSON.stringify(answer.desired_state ?? null);
    const known = desiredText === car.desiredText ? car.desired : null;
    const read = readStateAnswer(carId, answer, known);
    // Our requests ask for everything; an answer without a desired state answers somebody's masked request.
    if (!read.desiredState) {
      this.logger.warn(
        `car=${carId} state answer without a desired state ignored${read.problems.length > 0 ? `: ${read.problems[0]}` : ''}`,
      );
      return true;
    }
    if (read.problems.length > 0)
      this.logger.warn(
        `car=${carId} state answer partly unreadable: ${read.problems.slice(0, 3).join('; ')}`,
      );
    const { statesTaken } = applyAnswer(car, read, sentAt, this.now());
    // An equal text keeps the old string (the new one then dies young instead of being kept).
    if (known === null) car.desiredText = desiredText;
    if (!statesTaken)
      this.logger.debug(
        `car=${carId} kept the newer pushed states over the polling answer`,
      );
    return true;
  }

  desiredState(carId: string): DesiredState | null {
    return this.cars.get(carId)?.desired ?? null;
  }

  carState(carId: string): CompleteState | undefined {
    const car = this.cars.get(carId);
    return car && carCompleteState(car);
  }

  /**
   * Agents `start` to `end` (exclusive) by agent name, of one region or all, as a fleet view, and how many agents
   * match: only that page's cars are copied.
   */
  fleetPage(
    region: string | undefined,
    start: number,
    end: number,
  ): { state: FleetCompleteState; total: number } {
    const ids =
      region === undefined ? this.idsByName() : this.idsOfRegion(region);
    const cars = ids.slice(start, end).map((id) => this.cars.get(id));
    return {
      state: fleetCompleteState(cars.filter((car) => car !== undefined)),
      total: ids.length,
    };
  }

  workloads(carId: string): CarWorkloadDetail[] | undefined {
    const car = this.cars.get(carId);
    return car && carWorkloads(car);
  }

  private track(view: CarView): void {
    let car = this.cars.get(view.id);
    if (!car) {
      car = newCarMirror(view.id, { region: view.region, model: view.model });
      this.cars.set(view.id, car);
      this.forgetOrder();
    }
    car.connected = view.connection === 'online';
    // Every change of the car passes here (thousands a second): a new agent object only when the load moved.
    const status = car.agent.status;
    if (
      view.load &&
      (view.load.cpuUsage !== status.cpuUsage ||
        view.load.freeMemory !== status.freeMemory)
    )
      car.agent = { ...car.agent, status: { ...view.load } };
  }

  /** A region's page was a filter over the whole fleet, for every request; now once per fleet change. */
  private idsOfRegion(region: string): string[] {
    let ids = this.sortedIdsByRegion.get(region);
    if (!ids) {
      ids = this.idsByName().filter(
        (id) => this.registry.get(id)?.region === region,
      );
      this.sortedIdsByRegion.set(region, ids);
    }
    return ids;
  }

  private forgetOrder(): void {
    this.sortedIds = null;
    this.sortedIdsByRegion.clear();
  }

  /** Code-unit order: agent names are ASCII (`[a-zA-Z0-9_-]`), so this is byte order, as stable as it is cheap. */
  private idsByName(): string[] {
    this.sortedIds ??= [...this.cars.keys()].sort();
    return this.sortedIds;
  }

  private now(): number {
    return this.clock.now().getTime();
  }
}
