import { CoaState, stageKindOf } from '@fleet/shared/contracts';
import type {
  RolloutStageStatus,
  RolloutStatus,
  StageSpec,
  StageStatus,
  SymphonyActivation,
  SymphonyCampaign,
  SymphonyCampaignVersion,
} from '@fleet/shared/contracts';
import type { RolloutState } from '../engine/records';
import { bucketCounts, campaignRefs } from '../engine/views';
import { carsOfStage } from '../engine/records';

/** The stage provider named in the campaign: this API's rollout engine runs the stages, not Symphony. */
export const ROLLOUT_STAGE_PROVIDER = 'providers.stage.fleet-rollout';

function rolloutCode(status: RolloutStatus): number {
  if (status === 'running' || status === 'rolling-back')
    return CoaState.Running;
  if (
    status === 'completed' ||
    status === 'failed' ||
    status === 'rolled-back' ||
    status === 'cancelled'
  )
    return CoaState.Done;
  return CoaState.Paused;
}

function stageCode(status: RolloutStageStatus): number {
  if (status === 'running' || status === 'rolling-back')
    return CoaState.Running;
  if (status === 'succeeded' || status === 'failed' || status === 'rolled-back')
    return CoaState.Done;
  return CoaState.Paused;
}

/** The rollout as Symphony's Campaign container, CampaignVersion (its stages) and Activation (its run). */
export function campaignObjects(state: RolloutState): {
  campaign: SymphonyCampaign;
  campaignVersion: SymphonyCampaignVersion;
  activation: SymphonyActivation;
} {
  const { rollout, stages } = state;
  const refs = campaignRefs(rollout.id);
  const labels = { 'fleet.ota/rollout': rollout.id };
  const specs: Record<string, StageSpec> = {};
  for (const stage of stages) {
    const definition = rollout.definition.stages[stage.index];
    specs[stage.name] = {
      name: stage.name,
      provider: ROLLOUT_STAGE_PROVIDER,
      inputs: {
        version: rollout.version,
        kind: stageKindOf(definition),
        ...definition,
      },
      stageSelector: stages[stage.index + 1]?.name ?? '',
      ...(stage.index === 0 && rollout.startAt
        ? { schedule: rollout.startAt }
        : {}),
    };
  }
  const history: StageStatus[] = stages
    .filter((s) => s.startedAt !== null)
    .map((stage) => ({
      stage: stage.name,
      nextStage: stages[stage.index + 1]?.name ?? '',
      inputs: specs[stage.name].inputs,
      outputs: {
        total: carsOfStage(state, stage.index).length,
        ...bucketCounts(carsOfStage(state, stage.index)),
      },
      status: stageCode(stage.status),
      statusMessage: stage.status,
      ...(stage.status === 'failed' || stage.status === 'rolled-back'
        ? { errorMessage: stage.reason ?? '' }
        : {}),
      isActive: stage.status === 'running' || stage.status === 'rolling-back',
    }));
  return {
    campaign: { metadata: { name: refs.campaign, labels }, spec: {} },
    campaignVersion: {
      metadata: {
        name: refs.campaignVersion,
        labels,
        annotations: { 'fleet.ota/rollout-name': rollout.name },
      },
      spec: {
        rootResource: refs.campaign,
        version: '1',
        firstStage: stages[0]?.name,
        selfDriving: true,
        stages: specs,
      },
    },
    activation: {
      metadata: { name: refs.activation, labels },
      spec: {
        campaign: `${refs.campaign}:1`,
        stage: stages[0]?.name,
        inputs: { version: rollout.version },
      },
      status: {
        status: rolloutCode(rollout.status),
        statusMessage: `${rollout.status}${rollout.reason ? `: ${rollout.reason}` : ''}`,
        activationGeneration: String(rollout.revision),
        updateTime: rollout.updatedAt,
        stageHistory: history,
      },
    },
  };
}
