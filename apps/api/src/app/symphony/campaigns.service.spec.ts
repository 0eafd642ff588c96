import { CampaignsService } from './campaigns.service';
import { rejection } from '../../testing/symphony/rejection';
import { symphonyHarness } from '../../testing/symphony/symphony-harness';

const stages = {
  munich: { provider: 'providers.stage.materialize', stageSelector: 'berlin' },
  berlin: { provider: 'providers.stage.materialize' },
};

async function setup() {
  const h = symphonyHarness();
  await h.campaigns.upsertCampaign({ metadata: { name: 'rollout' }, spec: {} });
  return h;
}

describe(CampaignsService.name, () => {
  it('stores a campaign version of an existing container, and an activation that names it', async () => {
    const { campaigns } = await setup();

    const version = await campaigns.upsertCampaignVersion({
      metadata: { name: 'rollout-v-1' },
      spec: { firstStage: 'munich', selfDriving: true, stages },
    });
    await campaigns.upsertActivation({
      metadata: { name: 'a1' },
      spec: { campaign: 'rollout:1', stage: 'munich' },
    });

    expect(version.spec).toMatchObject({
      rootResource: 'rollout',
      version: '1',
    });
    expect((await campaigns.getActivation('a1')).spec.campaign).toBe(
      'rollout:1',
    );
  });

  it.each([
    [
      'a version of a missing container',
      { metadata: { name: 'ghost-v-1' }, spec: { stages } },
      'valid container',
    ],
    [
      'a first stage that is not a stage',
      {
        metadata: { name: 'rollout-v-2' },
        spec: { firstStage: 'paris', stages },
      },
      'firstStage',
    ],
  ])('refuses %s with 400', async (_what, body, message) => {
    const { campaigns } = await setup();

    const error = await rejection(campaigns.upsertCampaignVersion(body));

    expect(error).toMatchObject({ status: 400 });
    expect(error.text).toContain(message);
  });

  it('refuses an activation of an unknown campaign version, and deletions of objects in use', async () => {
    const { campaigns } = await setup();
    await campaigns.upsertCampaignVersion({
      metadata: { name: 'rollout-v-1' },
      spec: { stages },
    });
    await campaigns.upsertActivation({
      metadata: { name: 'a1' },
      spec: { campaign: 'rollout:1' },
    });

    expect(
      (
        await rejection(
          campaigns.upsertActivation({
            metadata: { name: 'a2' },
            spec: { campaign: 'rollout:9' },
          }),
        )
      ).status,
    ).toBe(400);
    expect(
      (await rejection(campaigns.deleteCampaignVersion('rollout-v-1'))).status,
    ).toBe(409);
    expect((await rejection(campaigns.deleteCampaign('rollout'))).status).toBe(
      409,
    );
  });
});
