import {
  BadRequestException,
  ConflictException,
  GatewayTimeoutException,
  NotFoundException,
} from '@nestjs/common';
import { FleetConnectorTopics } from '@fleet/shared/contracts';
import type { ManifestResponse } from '@fleet/shared/contracts';
import { load } from 'js-yaml';
import {
  ankaiosHarness,
  desiredState,
  sdkAnswer,
  workloadSpec,
} from '../../../testing/ankaios-harness';
import { settle } from '../../../testing/cars-harness';
import { MANIFEST_TIMEOUT_MS } from '../fleet-connector/fleet-connector.client';
import { POLL_TICK_MS } from '../fleet-state/state-poller';
import { ManifestsService } from './manifests.service';

const CAR = 'car-1';

function manifest(
  workloads: Record<string, string>,
  apiVersion = 'v1',
): string {
  const body = Object.entries(workloads)
    .map(
      ([name, runtime]) =>
        `  ${name}:\n    runtime: ${runtime}\n    agent: ${CAR}\n    runtimeConfig: |\n      image: registry/${name}:1.0\n`,
    )
    .join('');
  return `apiVersion: ${apiVersion}\nworkloads:\n${body}`;
}

const answer = (name: string): ManifestResponse => ({
  added_workloads: [
    { agent_name: CAR, workload_name: name, workload_id: 'id' },
  ],
  deleted_workloads: [],
});

async function setup() {
  const h = ankaiosHarness();
  await h.onlineCar(CAR);
  h.poller.onModuleInit();
  const applyTopic = FleetConnectorTopics.applyRequest(CAR);
  return { ...h, applyTopic };
}

describe(ManifestsService.name, () => {
  it('sends a valid YAML manifest unchanged and answers the car’s reply', async () => {
    const { manifests, client, textPublisher, applyTopic } = await setup();
    const text = manifest({ nav: 'podman' });

    const result = manifests.apply(CAR, text);
    await settle();
    expect(textPublisher.payloadsOn(applyTopic)).toEqual([text]);
    client.takeManifestAnswer(CAR, 'apply', answer('nav'));

    await expect(result).resolves.toEqual(answer('nav'));
  });

  it('sends a JSON manifest as YAML', async () => {
    const { manifests, client, textPublisher, applyTopic } = await setup();
    const json = load(manifest({ nav: 'podman' }));

    const result = manifests.apply(CAR, json);
    await settle();
    client.takeManifestAnswer(CAR, 'apply', answer('nav'));
    await result;

    const sent = textPublisher.payloadsOn(applyTopic)[0] as string;
    expect(sent).not.toMatch(/^\{/);
    expect(load(sent)).toEqual(json);
  });

  it.each([
    [
      'an unsupported runtime',
      manifest({ nav: 'docker' }),
      "Unsupported runtime 'docker' in workload 'nav'",
    ],
    [
      'an unknown apiVersion',
      manifest({ nav: 'podman' }, 'v2'),
      "Unsupported API version. Received 'v2', expected 'v1'",
    ],
    [
      'a bad workload name',
      manifest({ 'na.v': 'podman' }),
      "Unsupported workload name 'na.v'",
    ],
    ['no apiVersion', 'workloads: {}', 'apiVersion is missing.'],
    [
      'YAML that does not parse',
      'apiVersion: v1\nworkloads: [',
      'Error parsing manifest',
    ],
    ['an empty body', '', 'the body must be an Ankaios manifest'],
  ])(
    'rejects %s with Ankaios’ message, sending nothing',
    async (_what, body, message) => {
      const { manifests, textPublisher } = await setup();

      const error = await manifests.apply(CAR, body).catch((e: Error) => e);

      expect(error).toBeInstanceOf(BadRequestException);
      expect((error as Error).message).toContain(message);
      expect(textPublisher.published).toEqual([]);
    },
  );

  it('checks against the car’s known desired state (a dependency cycle across manifests)', async () => {
    const { manifests, mirror, clock } = await setup();
    const desired = desiredState({
      a: workloadSpec(CAR, 'registry/a:1', {
        dependencies: { b: 'ADD_COND_RUNNING' },
      }),
    });
    mirror.applyStateAnswer(
      CAR,
      sdkAnswer(CAR, desired, {}),
      clock.now().getTime(),
    );
    const b = `apiVersion: v1\nworkloads:\n  b:\n    runtime: podman\n    agent: ${CAR}\n    dependencies:\n      a: ADD_COND_RUNNING\n    runtimeConfig: "image: registry/b:1"\n`;

    await expect(manifests.apply(CAR, b)).rejects.toThrow('is part of a cycle');
  });

  it('rejects workloads meant for another agent', async () => {
    const { manifests } = await setup();
    const text = manifest({ nav: 'podman' }).replace(
      `agent: ${CAR}`,
      'agent: other-car',
    );

    await expect(manifests.apply(CAR, text)).rejects.toThrow(
      "names agent 'other-car'",
    );
  });

  it('answers 404 for an unknown car and 409 for an offline one', async () => {
    const { manifests, offline } = await setup();
    await expect(
      manifests.apply('ghost', manifest({ nav: 'podman' })),
    ).rejects.toThrow(NotFoundException);

    offline(CAR);
    await expect(
      manifests.apply(CAR, manifest({ nav: 'podman' })),
    ).rejects.toThrow(ConflictException);
  });

  it('answers 504 when the car does not answer within 15 s', async () => {
    const { manifests, clock } = await setup();
    const result = manifests.apply(CAR, manifest({ nav: 'podman' }));
    await settle();

    clock.advance(MANIFEST_TIMEOUT_MS);

    await expect(result).rejects.toThrow(GatewayTimeoutException);
  });

  it('answers 400 with the car’s reason when the car refuses', async () => {
    const { manifests, client } = await setup();
    const result = manifests.apply(CAR, manifest({ nav: 'podman' }));
    await settle();

    client.takeManifestAnswer(CAR, 'apply', {
      added_workloads: [],
      deleted_workloads: [],
      error: 'no space',
    });

    await expect(result).rejects.toThrow(`car ${CAR} refused: no space`);
  });

  it('deletes what the manifest names and asks the car for its new state right after', async () => {
    const { manifests, client, textPublisher, clock } = await setup();
    const text = manifest({ nav: 'podman' });

    const result = manifests.remove(CAR, text);
    await settle();
    expect(
      textPublisher.payloadsOn(FleetConnectorTopics.deleteRequest(CAR)),
    ).toEqual([text]);
    const deleted: ManifestResponse = {
      added_workloads: [],
      deleted_workloads: [
        { agent_name: CAR, workload_name: 'nav', workload_id: 'id' },
      ],
    };
    client.takeManifestAnswer(CAR, 'delete', deleted);
    await expect(result).resolves.toEqual(deleted);

    clock.advance(POLL_TICK_MS);
    expect(
      textPublisher.payloadsOn(FleetConnectorTopics.stateRequest(CAR)),
    ).toHaveLength(1);
  });
});
