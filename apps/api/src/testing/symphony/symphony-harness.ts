import { AppConfigService } from '../../app/config/app-config.service';
import { FleetMetrics } from '../../app/metrics/fleet-metrics';
import { FakeClock } from '../fake-clock';
import { appConfig } from '../factories';
import { InMemorySymphonyObjectsRepository } from '../in-memory-repositories';
import { CampaignsService } from '../../app/symphony/campaigns.service';
import { InstancesService } from '../../app/symphony/instances.service';
import { MqttTargetProvider } from '../../app/symphony/provider/mqtt-target-provider';
import { ReconcileTracker } from '../../app/symphony/reconcile-tracker';
import { Reconciler } from '../../app/symphony/reconcile/reconciler';
import { SolutionsService } from '../../app/symphony/solutions.service';
import { SummariesService } from '../../app/symphony/summaries.service';
import { SymphonyKinds } from '../../app/symphony/symphony-kinds';
import { SymphonyStore } from '../../app/symphony/symphony-store';
import { TargetsRegistryService } from '../../app/symphony/targets-registry.service';
import { CoaCarPublisher } from './coa-car';
import { fleetSolution, fleetVersion, target } from './symphony-factories';

/** The Symphony control plane with real services over in-memory objects, a fake clock and fake cars. */
export function symphonyHarness(
  options: { timeoutSeconds?: number; concurrency?: number } = {},
) {
  const clock = new FakeClock();
  const objects = new InMemorySymphonyObjectsRepository();
  const store = new SymphonyStore(objects, clock);
  const tracker = new ReconcileTracker();
  const publisher = new CoaCarPublisher();
  const config = new AppConfigService(
    appConfig({
      symphony: {
        configDir: '/nowhere',
        timeoutSeconds: options.timeoutSeconds ?? 180,
        concurrency: options.concurrency ?? 256,
      },
    }),
  );
  const provider = new MqttTargetProvider(
    publisher,
    clock,
    config,
    new FleetMetrics(),
  );
  publisher.deliver = (topic, payload) => provider.accept(topic, payload);
  const solutions = new SolutionsService(store);
  const instances = new InstancesService(store, tracker);
  const targets = new TargetsRegistryService(store);
  const summaries = new SummariesService(store);
  const campaigns = new CampaignsService(store);
  const reconciler = new Reconciler(
    instances,
    solutions,
    targets,
    summaries,
    provider,
    tracker,
    clock,
    config,
  );

  /** The fleet Solution, versions 1.2.3/1.2.4/1.3.0 (1.3.0 not for vans) and the given cars' Targets. */
  async function seed(...carIds: string[]): Promise<void> {
    await store.put(SymphonyKinds.solution, fleetSolution());
    await store.put(
      SymphonyKinds.solutionVersion,
      fleetVersion('1.2.3', { createdAt: '2026-09-01T00:00:00Z' }),
    );
    await store.put(
      SymphonyKinds.solutionVersion,
      fleetVersion('1.2.4', { createdAt: '2026-10-15T00:00:00Z' }),
    );
    await store.put(
      SymphonyKinds.solutionVersion,
      fleetVersion('1.3.0', {
        createdAt: '2026-11-20T00:00:00Z',
        compatibleModels: 'sedan,suv',
      }),
    );
    for (const id of carIds) await store.put(SymphonyKinds.target, target(id));
  }

  async function seedTarget(car: {
    id: string;
    region: string;
    model: string;
  }): Promise<void> {
    await store.put(
      SymphonyKinds.target,
      target(car.id, car.region, car.model),
    );
  }

  return {
    seedTarget,
    campaigns,
    clock,
    config,
    instances,
    objects,
    provider,
    publisher,
    reconciler,
    seed,
    solutions,
    store,
    summaries,
    targets,
    tracker,
  };
}

/** Lets the fake car's answers (setImmediate) and the promise chains after them run. */
export async function flush(times = 5): Promise<void> {
  for (let i = 0; i < times; i++)
    await new Promise((resolve) => setImmediate(resolve));
}
