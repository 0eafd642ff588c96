import { randomUUID } from 'node:crypto';
import { Injectable, NotFoundException } from '@nestjs/common';
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
      // The version was just found (versionOf) and the Target is the car's own.
      const stored = await this.instances.storeChecked(
        carInstance(car, request.version),
      );
      const entry = this.entryFor(request, car, stored);
      await this.history.insert(entry);
      void this.runner.start(entry);
      return toHistoryEntry(entry);
    } finally {
      if (claimedHere) this.claimed.delete(car.id);
    }
  }

  /** Sends an accepted entry again (after a restart); the same job id makes it idempotent on the car. */
  resend(entry: UpdateHistoryEntity): boolean {
    if (
      this.claimed.has(entry.carId) ||
      this.reconciler.isRunning(entry.instance)
    )
      return false;
    void this.runner.start(entry);
    return true;
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
    request: UpdateRequest,
    car: CarView,
    instance: SymphonyInstance,
  ): UpdateHistoryEntity {
    const id = randomUUID();
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
