import type { CarView } from '@fleet/shared/contracts';
import { CarRegistry } from '../../app/cars/car-registry';
import type { DeploymentClaims } from '../../app/cluster/deployment-claims';
import { symphonyHarness } from '../symphony/symphony-harness';
import { BulkUpdatesService } from '../../app/updates/bulk-updates.service';
import { UpdateResumer } from '../../app/updates/update-resumer.service';
import { UpdateRunner } from '../../app/updates/update-runner';
import { UpdatesService } from '../../app/updates/updates.service';
import { VersionsService } from '../../app/updates/versions/versions.service';
import { InMemoryUpdateHistoryRepository } from './in-memory-update-history.repository';

/** Updates over the real Symphony control plane: in-memory tables, a fake clock, fake cars answering COA. */
export function updatesHarness(
  options: {
    /** Several replicas: this replica's claims on cars' deployments (none: one replica). */
    claims?: DeploymentClaims;
  } = {},
) {
  const symphony = symphonyHarness();
  const registry = new CarRegistry(symphony.clock);
  const history = new InMemoryUpdateHistoryRepository();
  const versions = new VersionsService(symphony.solutions, symphony.clock);
  const runner = new UpdateRunner(
    symphony.reconciler,
    history,
    registry,
    symphony.clock,
  );
  const updates = new UpdatesService(
    registry,
    versions,
    symphony.instances,
    symphony.reconciler,
    history,
    runner,
    symphony.clock,
    options.claims,
  );
  const bulk = new BulkUpdatesService(registry, updates, history, versions);
  const resumer = new UpdateResumer(
    registry,
    symphony.instances,
    history,
    updates,
    runner,
    symphony.clock,
  );

  /** A car (online, parked, at 1.2.3 unless told otherwise) with its Target. */
  async function addCar(
    id: string,
    options: {
      region?: string;
      model?: string;
      vehicleState?: 'parked' | 'driving';
      version?: string | null;
      online?: boolean;
    } = {},
  ): Promise<CarView> {
    const at = symphony.clock.nowIso();
    const car = {
      id,
      region: options.region ?? 'munich',
      model: options.model ?? 'atlas-sedan',
    };
    registry.add({
      ...car,
      vehicleState: options.vehicleState ?? 'parked',
      version: null,
      createdAt: at,
    });
    registry.applyStatus(id, { name: id, online: true, instanceId: 'i1', at });
    registry.applyWorkloadStates(id, {
      agent: id,
      workloadStates: {},
      version: options.version === undefined ? '1.2.3' : options.version,
      health: {},
      at,
    });
    if (options.online === false)
      registry.applyStatus(id, {
        name: id,
        online: false,
        instanceId: 'i1',
        at,
      });
    await symphony.seedTarget(car);
    return registry.get(id) as CarView;
  }

  /** What the fake cars report running after a successful install: the version they were sent. */
  function carsReportInstalledVersions(): void {
    symphony.publisher.onAnswered = (request, state) => {
      const carId = request.deployment.activeTarget?.replace(/^car-/, '') ?? '';
      const version = request.deployment.solution?.spec?.version ?? null;
      if (request.envelope.method === 'POST' && state === 200)
        registry.applyWorkloadStates(carId, {
          agent: carId,
          workloadStates: {},
          version,
          health: {},
          at: symphony.clock.nowIso(),
        });
    };
  }

  return {
    ...symphony,
    addCar,
    carsReportInstalledVersions,
    bulk,
    history,
    registry,
    resumer,
    runner,
    updates,
    versions,
  };
}
