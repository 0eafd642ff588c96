import { randomUUID } from 'node:crypto';
import {
  Injectable,
  Logger,
  NotFoundException,
  Optional,
} from '@nestjs/common';
import { FLEET_SOLUTION, fleetInstanceName } from '@fleet/shared/contracts';
import type {
  CarView,
  FleetVersion,
  Page,
  SymphonyInstance,
  UpdateHistoryEntry,
  UpdateKind,
} from '@fleet/shared/contracts';
import { versionReference } from '@fleet/shared/symphony/util';
import type { Observable } from 'rxjs';
import { CarRegistry } from '../cars/car-registry';
import {
  claimsUnknown,
  DeploymentClaims,
  inFlightElsewhere,
} from '../cluster/deployment-claims';
import type { ClaimHolder } from '../cluster/deployment-claims';
import { Clock } from '../common/clock';
import { InstancesService } from '../symphony/instances.service';
import { Reconciler } from '../symphony/reconcile/reconciler';
import { toHistoryEntry } from './history-view';
import { updateRefusal } from './update-checks';
import { UpdateHistoryEntity } from './update-history.entity';
import { UpdateHistoryRepository } from './update-history.repository';
import { UpdateRunner } from './update-runner';
import type { UpdateFinished } from './update-runner';

export type { UpdateFinished } from './update-runner';
import { VersionsService } from './versions/versions.service';

export interface UpdateRequest {
  carId: string;
  version: string;
  kind: UpdateKind;
  actor: string;
  /** Extra first lines of the history entry. */
  notes?: string[];
}

/**
 * The rules of one car's update: checked, then the car's Instance (`fleet-car-<id>`) pointed at the
 * version, a history entry written and the deployment started. Answers before the car does.
 */
@Injectable()
export class UpdatesService {
  private readonly logger = new Logger(UpdatesService.name);
  /** Cars between the checks and the start of their deployment (the checks await). */
  private readonly claimed = new Set<string>();

  constructor(
    private readonly registry: CarRegistry,
    private readonly versions: VersionsService,
    private readonly instances: InstancesService,
    private readonly reconciler: Reconciler,
    private readonly history: UpdateHistoryRepository,
    private readonly runner: UpdateRunner,
    private readonly clock: Clock,
    /** Several replicas: at most one deployment of a car across all of them (none claimed with one replica). */
    @Optional() private readonly claims?: DeploymentClaims,
  ) {}

  /** Every deployment that ends (update or rollback, any actor), once its history entry is saved. */
  get finished$(): Observable<UpdateFinished> {
    return this.runner.finished$.asObservable();
  }

  /**
   * 404 unknown car or version, 422 incompatible model, 409 in flight, offline or driving. `versionOf` looks the
   * version up (a bulk request passes one that asks the database once per version for all its cars).
   */
  async request(
    request: UpdateRequest,
    versionOf: (version: string) => Promise<FleetVersion> = (v) =>
      this.versions.get(v),
  ): Promise<UpdateHistoryEntry> {
    const car = this.car(request.carId);
    const instance = fleetInstanceName(car.id);
    const claimedHere = !this.claimed.has(car.id);
    // Another Instance (e.g. one POSTed to /v1alpha2 with a selector) may be deploying to this car too.
    const inFlight =
      !claimedHere ||
      this.reconciler.isRunning(instance) ||
      this.reconciler.isTargetBusy(car.target);
    this.claimed.add(car.id);
    try {
      const version = await versionOf(request.version);
      const refusal = updateRefusal(car, version, inFlight);
      if (refusal) throw refusal;
      // The entry's id is its deployment's job id, named in the car's claim.
      const id = randomUUID();
      await this.claimOrRefuse(car.id, id);
      let started = false;
      try {
        // The version was just found (versionOf) and the Target is the car's own.
        const stored = await this.instances.storeChecked(
          carInstance(car, request.version),
        );
        const entry = this.entryFor(id, request, car, stored);
        await this.history.insert(entry);
        this.start(entry);
        started = true;
        return toHistoryEntry(entry);
      } finally {
        if (!started) void this.claims?.release(car.id, id);
      }
    } finally {
      if (claimedHere) this.claimed.delete(car.id);
    }
  }

  /**
   * Sends an accepted entry again (after a restart); the same job id makes it idempotent on the car. False when
   * the car's deployment is running here or on another replica (the entry stays pending).
   */
  async resend(entry: UpdateHistoryEntity): Promise<boolean> {
    if (
      this.claimed.has(entry.carId) ||
      this.reconciler.isRunning(entry.instance)
    )
      return false;
    this.claimed.add(entry.carId);
    try {
      const holder = await this.claims?.take(entry.carId, entry.jobId);
      if (holder) {
        this.logger.log(
          `car=${entry.carId} the unfinished deployment ${entry.jobId} waits: replica ${holder.holder} runs the car's deployment ${holder.jobId}`,
        );
        return false;
      }
      this.start(entry);
      return true;
    } catch (error) {
      this.logger.warn(
        `car=${entry.carId} the unfinished deployment ${entry.jobId} not sent: the other replicas' deployments could not be checked: ${(error as Error).message}`,
      );
      return false;
    } finally {
      this.claimed.delete(entry.carId);
    }
  }

  /** Runs the deployment; the car's claim (several replicas) goes once it has ended. */
  private start(entry: UpdateHistoryEntity): void {
    void this.runner
      .start(entry)
      .finally(() => this.claims?.release(entry.carId, entry.jobId));
  }

  /** 409 when another replica runs a deployment of the car; 503 when that cannot be checked. */
  private async claimOrRefuse(carId: string, jobId: string): Promise<void> {
    let holder: ClaimHolder | null | undefined;
    try {
      holder = await this.claims?.take(carId, jobId);
    } catch (error) {
      throw claimsUnknown(carId, error);
    }
    if (holder) throw inFlightElsewhere(carId, holder);
  }

  async historyPage(
    carId: string,
    page: number,
    pageSize: number,
  ): Promise<Page<UpdateHistoryEntry>> {
    const { items, total } = await this.history.page(carId, page, pageSize);
    if (total === 0 && !this.registry.has(carId))
      throw new NotFoundException(`car ${carId} not found`);
    return { items: items.map(toHistoryEntry), total, page, pageSize };
  }

  private car(carId: string): CarView {
    const car = this.registry.get(carId);
    if (!car) throw new NotFoundException(`car ${carId} not found`);
    return car;
  }

  private entryFor(
    id: string,
    request: UpdateRequest,
    car: CarView,
    instance: SymphonyInstance,
  ): UpdateHistoryEntity {
    return {
      id,
      carId: car.id,
      kind: request.kind,
      fromVersion: car.version,
      toVersion: request.version,
      result: 'pending',
      phase: 'queued',
      actor: request.actor,
      requestedAt: this.clock.nowIso(),
      finishedAt: null,
      instance: instance.metadata.name,
      instanceGeneration: instance.metadata.objGeneraion ?? 1,
      jobId: id,
      coaState: null,
      details: {
        components: {},
        plan: [],
        messages: [
          ...(request.notes ?? []),
          `${request.kind} of ${car.id} to ${request.version} requested by ${request.actor}`,
        ],
      },
    };
  }
}

function carInstance(car: CarView, version: string): SymphonyInstance {
  return {
    metadata: {
      name: fleetInstanceName(car.id),
      labels: { car: car.id, region: car.region },
    },
    spec: {
      displayName: `fleet software of ${car.id}`,
      solution: versionReference(FLEET_SOLUTION, version),
      target: { name: car.target },
    },
  };
}
