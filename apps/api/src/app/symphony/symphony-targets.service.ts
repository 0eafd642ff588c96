import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  fleetInstanceName,
  SYMPHONY_DEFAULT_NAMESPACE,
  symphonyTargetName,
} from '@fleet/shared/contracts';
import type { SymphonyTarget } from '@fleet/shared/contracts';
import { Clock } from '../common/clock';
import { SymphonyObjectsRepository } from '../database/symphony-objects.repository';
import { BROKER_ENDPOINT, BrokerEndpoint } from '../mqtt/broker-endpoint';
import { carTarget, TargetCar } from './car-target';
import { SymphonyKinds } from './symphony-kinds';

/** The Symphony Target of every car: registered on create, removed on delete; both idempotent. */
@Injectable()
export class SymphonyTargetsService {
  private readonly logger = new Logger(SymphonyTargetsService.name);

  constructor(
    private readonly objects: SymphonyObjectsRepository,
    private readonly clock: Clock,
    @Inject(BROKER_ENDPOINT) private readonly broker: BrokerEndpoint,
  ) {}

  /** Writes the car's Target; an unchanged Target keeps its generation. */
  async register(car: TargetCar): Promise<SymphonyTarget> {
    const target = carTarget(car, this.broker.url);
    const key = this.key(car.id);
    const existing = await this.objects.find(key);
    const previous = existing?.body as SymphonyTarget | undefined;
    if (existing && previous && sameContent(previous, target)) return previous;
    const generation = (existing?.generation ?? 0) + 1;
    const now = this.clock.nowIso();
    const body: SymphonyTarget = {
      ...target,
      metadata: {
        ...target.metadata,
        objGeneraion: generation,
        etag: String(generation),
      },
    };
    await this.objects.save({
      ...key,
      body,
      generation,
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
    });
    this.logger.log(
      `car=${car.id} Symphony target ${key.name} registered (generation ${generation})`,
    );
    return body;
  }

  async find(carId: string): Promise<SymphonyTarget | null> {
    return (
      ((await this.objects.find(this.key(carId)))?.body as
        | SymphonyTarget
        | undefined) ?? null
    );
  }

  /** Also drops the car's Instance and its summary, so that its SolutionVersion is no longer in use. */
  async remove(carId: string): Promise<void> {
    const key = this.key(carId);
    if (await this.objects.delete(key))
      this.logger.log(`car=${carId} Symphony target ${key.name} removed`);
    const instance = fleetInstanceName(carId);
    for (const kind of [SymphonyKinds.instance, SymphonyKinds.summary])
      await this.objects.delete({
        kind,
        namespace: SYMPHONY_DEFAULT_NAMESPACE,
        name: instance,
      });
  }

  private key(carId: string) {
    return {
      kind: SymphonyKinds.target,
      namespace: SYMPHONY_DEFAULT_NAMESPACE,
      name: symphonyTargetName(carId),
    };
  }
}

function sameContent(a: SymphonyTarget, b: SymphonyTarget): boolean {
  return (
    JSON.stringify(a.spec) === JSON.stringify(b.spec) &&
    JSON.stringify(a.metadata.labels) === JSON.stringify(b.metadata.labels)
  );
}
