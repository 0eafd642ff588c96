import { MqttContext } from '@nestjs/microservices';
import type {
  CompleteState,
  DesiredState,
  ExecutionState,
  SdkCompleteState,
  WorkloadSpec,
} from '@fleet/shared/contracts';
import { toSdkCompleteState } from '@fleet/shared/ankaios/util';
import { AnkaiosReportsController } from '../app/ankaios/ankaios-reports.controller';
import { CarWorkloadsService } from '../app/ankaios/car-workloads/car-workloads.service';
import { ManifestsService } from '../app/ankaios/car-workloads/manifests.service';
import { DuplicateAgents } from '../app/ankaios/duplicate-agents';
import { FleetConnectorClient } from '../app/ankaios/fleet-connector/fleet-connector.client';
import { FleetStateMirror } from '../app/ankaios/fleet-state/fleet-state.mirror';
import { FleetStateService } from '../app/ankaios/fleet-state/fleet-state.service';
import { StatePoller } from '../app/ankaios/fleet-state/state-poller';
import { CarLogsService } from '../app/realtime/car-logs.service';
import { carsHarness } from './cars-harness';
import { executionState, statusMessage } from './factories';
import { FakePublisher } from './fake-publisher';

/** Records text publishes (manifests) next to the JSON ones. */
export class TextRecordingPublisher extends FakePublisher {
  override async publishText(topic: string, text: string): Promise<void> {
    if (this.failWith) throw this.failWith;
    this.published.push({ topic, payload: text, retain: false });
  }

  payloadsOn(topic: string): unknown[] {
    return this.published
      .filter((p) => p.topic === topic)
      .map((p) => p.payload);
  }
}

/**
 * The Ankaios fleet services on top of the cars harness: the real mirror, poller, fleet-connector client,
 * duplicate check, manifests and workload services; MQTT messages go in through the real handlers.
 */
export function ankaiosHarness() {
  const h = carsHarness();
  const publisher = new TextRecordingPublisher();
  const mirror = new FleetStateMirror(h.registry, h.clock);
  const client = new FleetConnectorClient(publisher, h.clock);
  const poller = new StatePoller(mirror, client, h.clock);
  const duplicates = new DuplicateAgents(h.registry, publisher);
  const logs = new CarLogsService(h.registry);
  mirror.onModuleInit();
  duplicates.onModuleInit();
  logs.onModuleInit();
  const reports = new AnkaiosReportsController(
    mirror,
    poller,
    client,
    duplicates,
  );
  const deliver = (
    handler: (payload: unknown, ctx: MqttContext) => Promise<void>,
    topic: string,
    payload: unknown,
  ) => handler.call(reports, payload, new MqttContext([topic, {} as never]));
  return {
    ...h,
    client,
    deliver,
    duplicates,
    fleetState: new FleetStateService(mirror),
    logs,
    manifests: new ManifestsService(h.registry, mirror, client, poller),
    mirror,
    poller,
    reports,
    textPublisher: publisher,
    workloads: new CarWorkloadsService(h.registry, mirror, logs),
    /** Creates the car and marks its agent online (as its retained status would). */
    async onlineCar(id: string, instanceId = 'instance-1'): Promise<void> {
      if (!h.registry.has(id))
        await h.cars.create({ region: 'munich', name: id });
      h.registry.applyStatus(id, statusMessage(id, { instanceId }));
    },
    offline(id: string, instanceId = 'instance-1'): void {
      h.registry.applyStatus(
        id,
        statusMessage(id, { online: false, instanceId }),
      );
    },
  };
}

export function workloadSpec(
  agent: string,
  image: string,
  overrides: Partial<WorkloadSpec> = {},
): WorkloadSpec {
  return {
    agent,
    runtime: 'podman',
    restartPolicy: 'ALWAYS',
    dependencies: {},
    tags: {},
    runtimeConfig: `image: ${image}\n`,
    configs: {},
    ...overrides,
  };
}

export function desiredState(
  workloads: Record<string, WorkloadSpec>,
): DesiredState {
  return { apiVersion: 'v1', workloads, configs: {} };
}

/** The car's answer on `vehicle/<id>/state/resp`, built from the camelCase state as the car does. */
export function sdkAnswer(
  agent: string,
  desired: DesiredState,
  states: Record<string, Record<string, ExecutionState>>,
  tags: Record<string, string> = { region: 'munich' },
): SdkCompleteState {
  const state: CompleteState = {
    desiredState: desired,
    workloadStates: { [agent]: states },
    agents: { [agent]: { status: { cpuUsage: 3, freeMemory: 1000 }, tags } },
  };
  return toSdkCompleteState(state);
}

export const running = (): ExecutionState => executionState('Running');
