import { FleetConnectorTopics } from '@fleet/shared/contracts';
import type { ManifestResponse, SdkCompleteState } from '@fleet/shared/contracts';
import type { ClusterPort } from '../agent/cluster-port';
import type { Logger } from '../logging/logger';
import { isFieldMaskList } from '../messages/guards';
import { parseJson } from '../messages/parse-json';

type FleetCluster = Pick<ClusterPort, 'applyManifest' | 'deleteManifest' | 'getSdkState'>;
export type Reply = (topic: string, body: ManifestResponse | SdkCompleteState) => void;

/**
 * The Ankaios fleet-connector contract: manifest apply/delete and state requests on
 * `vehicle/<id>/...`, answered with the SDK's snake_case dictionaries.
 */
export class FleetConnector {
  constructor(
    private readonly carId: string,
    private readonly cluster: FleetCluster,
    private readonly reply: Reply,
    private readonly logger: Logger,
  ) {}

  requestTopics(): string[] {
    const id = this.carId;
    return [FleetConnectorTopics.applyRequest(id), FleetConnectorTopics.deleteRequest(id), FleetConnectorTopics.stateRequest(id)];
  }

  /** Answers whether the topic was one of the connector's. */
  handle(topic: string, payload: Buffer): boolean {
    const id = this.carId;
    if (topic === FleetConnectorTopics.applyRequest(id)) {
      this.reply(FleetConnectorTopics.applyResponse(id), this.manifest('apply', payload));
    } else if (topic === FleetConnectorTopics.deleteRequest(id)) {
      this.reply(FleetConnectorTopics.deleteResponse(id), this.manifest('delete', payload));
    } else if (topic === FleetConnectorTopics.stateRequest(id)) {
      this.reply(FleetConnectorTopics.stateResponse(id), this.state(payload));
    } else {
      return false;
    }
    return true;
  }

  private manifest(action: 'apply' | 'delete', payload: Buffer): ManifestResponse {
    const text = payload.toString('utf8');
    if (text.trim() === '') return this.failedManifest(action, 'the request carries no manifest');
    try {
      const response = action === 'apply' ? this.cluster.applyManifest(text) : this.cluster.deleteManifest(text);
      this.logger.info(`manifest ${action}`, {
        added: response.added_workloads.length,
        deleted: response.deleted_workloads.length,
        error: response.error,
      });
      return response;
    } catch (error) {
      return this.failedManifest(action, String(error));
    }
  }

  private failedManifest(action: string, error: string): ManifestResponse {
    this.logger.warn(`manifest ${action} refused`, { error });
    return { added_workloads: [], deleted_workloads: [], error };
  }

  private state(payload: Buffer): SdkCompleteState {
    const text = payload.toString('utf8');
    const parsed = text.trim() === '' ? { ok: true as const, value: [] } : parseJson(text);
    if (!parsed.ok || !isFieldMaskList(parsed.value)) {
      this.logger.warn('dropped an invalid state request', { payload: text.slice(0, 200) });
      return { error: 'the state request must be a JSON array of field masks, e.g. ["workloadStates"]' };
    }
    try {
      return this.cluster.getSdkState(parsed.value);
    } catch (error) {
      return { error: String(error) };
    }
  }
}
