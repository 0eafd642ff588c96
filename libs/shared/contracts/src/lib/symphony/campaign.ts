import type { ObjectMeta } from './object-meta';

/** One stage of a campaign (Symphony's `StageSpec`). */
export interface StageSpec {
  name?: string;
  contexts?: string;
  /** Stage provider, e.g. `providers.stage.materialize`, `providers.stage.wait`, `providers.stage.mock`. */
  provider?: string;
  config?: unknown;
  /** Expression that picks the next stage, e.g. `${{$if($lt($output(deploy,status),300),next,'')}}`. */
  stageSelector?: string;
  inputs?: Record<string, unknown>;
  /** Let the stage selector see errors instead of stopping the activation. */
  handleErrors?: boolean;
  triggeringStage?: string;
  /** RFC 3339 time before which the stage does not run. */
  schedule?: string;
}

export interface CampaignVersionSpec {
  firstStage?: string;
  stages?: Record<string, StageSpec>;
  /** Advance from stage to stage without waiting for an external trigger. */
  selfDriving?: boolean;
  version?: string;
  rootResource?: string;
}

/** The Campaign container (Symphony's `CampaignContainerState`). */
export interface SymphonyCampaign {
  metadata: ObjectMeta;
  spec: Record<string, never>;
}

/** A campaign version, named `<root>-v-<version>` (Symphony's `CampaignState` with `rootResource`). */
export interface SymphonyCampaignVersion {
  metadata: ObjectMeta;
  spec: CampaignVersionSpec;
}

export interface ActivationSpec {
  /** The campaign version to run, as a reference `<root>:<version>` (Symphony's JSON name `campaign`). */
  campaign?: string;
  /** The stage to start at; the campaign's `firstStage` when empty. */
  stage?: string;
  inputs?: Record<string, unknown>;
}

export interface StageStatus {
  stage?: string;
  nextStage?: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  /** A COA state code (`CoaState`), e.g. 9994 Running, 9996 Done. */
  status?: number;
  statusMessage?: string;
  errorMessage?: string;
  isActive?: boolean;
}

export interface ActivationStatus {
  /** A COA state code of the whole activation. */
  status?: number;
  statusMessage?: string;
  activationGeneration?: string;
  updateTime?: string;
  stageHistory?: StageStatus[];
}

/** One run of a campaign version. */
export interface SymphonyActivation {
  metadata: ObjectMeta;
  spec: ActivationSpec;
  status?: ActivationStatus;
}
