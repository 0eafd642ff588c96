import {
  BadRequestException,
  ConflictException,
  GatewayTimeoutException,
  HttpException,
  HttpStatus,
  Injectable,
  Logger,
  NotFoundException,
  ServiceUnavailableException,
} from '@nestjs/common';
import type { CarView, ManifestResponse } from '@fleet/shared/contracts';
import { manifestUpdate, validateManifest } from '@fleet/shared/ankaios/util';
import { CarRegistry } from '../../cars/car-registry';
import {
  ConnectorBusyError,
  ConnectorTimeoutError,
} from '../fleet-connector/connector-errors';
import {
  FleetConnectorClient,
  ManifestAction,
} from '../fleet-connector/fleet-connector.client';
import { FleetStateMirror } from '../fleet-state/fleet-state.mirror';
import { StatePoller } from '../fleet-state/state-poller';
import { manifestText } from './manifest-text';

/**
 * Applies and deletes manifests on one car over the fleet-connector contract. A manifest is checked with
 * Ankaios' own rules against the car's known desired state before it is sent, so that a bad one gets
 * Ankaios' message as a 400 without a round trip.
 */
@Injectable()
export class ManifestsService {
  private readonly logger = new Logger(ManifestsService.name);

  constructor(
    private readonly registry: CarRegistry,
    private readonly mirror: FleetStateMirror,
    private readonly client: FleetConnectorClient,
    private readonly poller: StatePoller,
  ) {}

  apply(carId: string, body: unknown): Promise<ManifestResponse> {
    return this.send(carId, 'apply', body);
  }

  remove(carId: string, body: unknown): Promise<ManifestResponse> {
    return this.send(carId, 'delete', body);
  }

  private async send(
    carId: string,
    action: ManifestAction,
    body: unknown,
  ): Promise<ManifestResponse> {
    const car = this.registry.get(carId);
    if (!car) throw new NotFoundException(`car ${carId} not found`);
    const text = manifestText(body);
    if (!text.ok) throw new BadRequestException(text.error);
    const workloadNames = this.check(car, action, text.value);
    if (car.connection !== 'online')
      throw new ConflictException(
        `car ${carId} is not online (${car.connection})`,
      );
    const answer = await this.client
      .sendManifest(carId, action, text.value, workloadNames)
      .catch((error: Error) => {
        throw toHttpError(error);
      });
    this.poller.pollSoon(carId);
    if (answer.error !== undefined)
      throw new BadRequestException(`car ${carId} refused: ${answer.error}`);
    this.logger.log(
      `car=${carId} manifest ${action}: +${answer.added_workloads.length} -${answer.deleted_workloads.length}`,
    );
    return answer;
  }

  /** Ankaios' checks, and that applied workloads run on this car; returns the workload names. */
  private check(car: CarView, action: ManifestAction, text: string): string[] {
    const plan = validateManifest(text, {
      mode: action,
      current: this.mirror.desiredState(car.id) ?? undefined,
    });
    if (!plan.ok) throw new BadRequestException(plan.error);
    if (action === 'apply') {
      const foreign = plan.value.added.find(
        (w) => w.spec.agent !== '' && w.spec.agent !== car.id,
      );
      if (foreign)
        throw new BadRequestException(
          `workload '${foreign.name}' names agent '${foreign.spec.agent}', but this manifest goes to car '${car.id}', whose agent is '${car.id}'`,
        );
    }
    const update = manifestUpdate(text, action);
    return update.ok ? update.value.workloadNames : [];
  }
}

function toHttpError(error: Error): HttpException {
  if (error instanceof ConnectorTimeoutError)
    return new GatewayTimeoutException(error.message);
  if (error instanceof ConnectorBusyError)
    return new HttpException(error.message, HttpStatus.TOO_MANY_REQUESTS);
  return new ServiceUnavailableException(
    `could not reach the broker: ${error.message}`,
  );
}
