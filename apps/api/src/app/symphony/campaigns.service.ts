import { Injectable } from '@nestjs/common';
import type {
  SymphonyActivation,
  SymphonyCampaign,
  SymphonyCampaignVersion,
} from '@fleet/shared/contracts';
import {
  parseObjectName,
  referenceToObjectName,
  validateObjectName,
} from '@fleet/shared/symphony/util';
import type { SymphonyErrorField } from '@fleet/shared/symphony/util';
import { notFound, throwIfInUse, throwIfInvalid } from './symphony-errors';
import { SymphonyKind, SymphonyKinds } from './symphony-kinds';
import { SymphonyObject, SymphonyStore } from './symphony-store';

/**
 * Campaign containers, CampaignVersions and Activations: stored and served with Symphony's name and
 * reference checks. Running them (stages) is the rollout engine's job.
 */
@Injectable()
export class CampaignsService {
  constructor(private readonly store: SymphonyStore) {}

  listCampaigns(): Promise<SymphonyCampaign[]> {
    return this.store.list(SymphonyKinds.campaign);
  }

  getCampaign(name: string): Promise<SymphonyCampaign> {
    return this.require(SymphonyKinds.campaign, 'campaign', name);
  }

  upsertCampaign(campaign: SymphonyCampaign): Promise<SymphonyCampaign> {
    return this.store.put(SymphonyKinds.campaign, { ...campaign, spec: {} });
  }

  async deleteCampaign(name: string): Promise<void> {
    await this.getCampaign(name);
    const versions = (await this.listCampaignVersions()).filter(
      (v) => v.spec.rootResource === name,
    );
    throwIfInUse(
      versions.length === 0
        ? []
        : [
            {
              fieldPath: 'metadata.name',
              value: name,
              detailedMessage:
                'Campaign container has one or more associated campaign versions. Deletion is not allowed.',
            },
          ],
    );
    await this.store.delete(SymphonyKinds.campaign, name);
  }

  listCampaignVersions(): Promise<SymphonyCampaignVersion[]> {
    return this.store.list(SymphonyKinds.campaignVersion);
  }

  getCampaignVersion(name: string): Promise<SymphonyCampaignVersion> {
    return this.require(
      SymphonyKinds.campaignVersion,
      'campaign version',
      name,
    );
  }

  async upsertCampaignVersion(
    version: SymphonyCampaignVersion,
  ): Promise<SymphonyCampaignVersion> {
    const parsed = parseObjectName(version.metadata.name);
    const spec = {
      ...version.spec,
      rootResource: version.spec?.rootResource || parsed?.root,
      version: version.spec?.version || parsed?.version,
    };
    const errors: SymphonyErrorField[] = [];
    const nameError = validateObjectName(
      version.metadata.name,
      spec.rootResource,
    );
    if (nameError) errors.push(nameError);
    else if (
      !(await this.store.get(
        SymphonyKinds.campaign,
        spec.rootResource as string,
      ))
    )
      errors.push({
        fieldPath: 'spec.rootResource',
        value: spec.rootResource,
        detailedMessage: 'rootResource must be a valid container',
      });
    if (spec.firstStage && !spec.stages?.[spec.firstStage])
      errors.push({
        fieldPath: 'spec.firstStage',
        value: spec.firstStage,
        detailedMessage: 'firstStage must be one of the stages',
      });
    throwIfInvalid(errors);
    return this.store.put(SymphonyKinds.campaignVersion, { ...version, spec });
  }

  async deleteCampaignVersion(name: string): Promise<void> {
    await this.getCampaignVersion(name);
    const activations = await this.listActivations();
    throwIfInUse(
      activations
        .filter((a) => referenceToObjectName(a.spec?.campaign ?? '') === name)
        .map((a) => ({
          fieldPath: 'metadata.name',
          value: name,
          detailedMessage: `Campaign version is used by activation ${a.metadata.name}. Deletion is not allowed.`,
        })),
    );
    await this.store.delete(SymphonyKinds.campaignVersion, name);
  }

  listActivations(): Promise<SymphonyActivation[]> {
    return this.store.list(SymphonyKinds.activation);
  }

  getActivation(name: string): Promise<SymphonyActivation> {
    return this.require(SymphonyKinds.activation, 'activation', name);
  }

  /** The campaign version it names must exist; its status starts empty (nothing runs it yet). */
  async upsertActivation(
    activation: SymphonyActivation,
  ): Promise<SymphonyActivation> {
    const reference = activation.spec?.campaign ?? '';
    const campaign = reference
      ? await this.store.get(
          SymphonyKinds.campaignVersion,
          referenceToObjectName(reference),
        )
      : null;
    throwIfInvalid(
      campaign
        ? []
        : [
            {
              fieldPath: 'spec.campaign',
              value: reference,
              detailedMessage:
                'campaign reference must be a valid Campaign object in the same namespace',
            },
          ],
    );
    return this.store.put(SymphonyKinds.activation, activation);
  }

  async deleteActivation(name: string): Promise<void> {
    await this.getActivation(name);
    await this.store.delete(SymphonyKinds.activation, name);
  }

  private async require<T extends SymphonyObject>(
    kind: SymphonyKind,
    label: string,
    name: string,
  ): Promise<T> {
    const found = await this.store.get<T>(kind, name);
    if (!found) throw notFound(label, name);
    return found;
  }
}
