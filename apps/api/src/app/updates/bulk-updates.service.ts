import {
  BadRequestException,
  ConflictException,
  HttpException,
  Injectable,
  Logger,
} from '@nestjs/common';
import type {
  BulkUpdateDto,
  BulkUpdateResponse,
  CarUpdateOutcome,
  FleetVersion,
  RollbackDto,
  UpdateHistoryEntry,
} from '@fleet/shared/contracts';
import { CarRegistry } from '../cars/car-registry';
import { mapPaced } from '../common/map-limit';
import { previousVersion } from './rollback-target';
import { UpdateHistoryRepository } from './update-history.repository';
import { UpdatesService } from './updates.service';
import { VersionsService } from './versions/versions.service';

/**
 * Cars in the middle of being accepted at once. Most of a car's acceptance is waiting for the database (its
 * history entry and Instance go in the next group write), so more cars at once overlap those waits: 8 took 40-47 s
 * to accept 10,000 cars on SQLite, 32 took 24-30 s (a slower machine). At 32 the bulk request was what limited an
 * update on PostgreSQL: 512 (the reconciler's default number of slots, starting 32 a turn) took a 10,000-car
 * update there from 425-439 to 586-591 cars/s, the bulk request from 22 s to 11-14 s (`prof-setup.ts 10000
 * update`, alternating builds); on SQLite the two were within the noise (602-700 and 647-663 cars/s).
 */
export const BULK_CONCURRENCY = 512;
/**
 * Cars that start their acceptance in one turn of the event loop. The checks and first writes of a car are
 * synchronous with SQLite; a turn with hundreds of them would hold MQTT acknowledgements and car answers back.
 */
export const BULK_STARTS_PER_TURN = 32;
/** History entries searched for the version before the current one. */
const ROLLBACK_LOOKBACK = 50;

/** Updates and rollbacks of many cars: each car checked on its own, refusals reported, not thrown. */
@Injectable()
export class BulkUpdatesService {
  private readonly logger = new Logger(BulkUpdatesService.name);

  constructor(
    private readonly registry: CarRegistry,
    private readonly updates: UpdatesService,
    private readonly history: UpdateHistoryRepository,
    private readonly versions: VersionsService,
  ) {}

  async update(dto: BulkUpdateDto, actor: string): Promise<BulkUpdateResponse> {
    if (!dto.carIds && !dto.filter)
      throw new BadRequestException('give carIds or filter');
    const { region, version } = dto.filter ?? {};
    const ids =
      dto.carIds ??
      this.registry
        .all()
        .filter(
          (c) =>
            (!region || c.region === region) &&
            (!version || c.version === version),
        )
        .map((c) => c.id);
    const versionOf = this.versionLookup();
    return this.each(ids, (carId) =>
      this.updates.request(
        { carId, version: dto.version, kind: 'update', actor },
        versionOf,
      ),
    );
  }

  /** Each car back to `toVersion`, or to the version before its current one (from its history). */
  async rollback(dto: RollbackDto, actor: string): Promise<BulkUpdateResponse> {
    if (!dto.carIds && !dto.region)
      throw new BadRequestException('give carIds or region');
    const ids =
      dto.carIds ??
      this.registry
        .all()
        .filter((c) => c.region === dto.region)
        .map((c) => c.id);
    const versionOf = this.versionLookup();
    return this.each(ids, async (carId) => {
      const version = dto.toVersion ?? (await this.previousVersionOf(carId));
      return this.updates.request(
        { carId, version, kind: 'rollback', actor },
        versionOf,
      );
    });
  }

  /** One database lookup per version for the whole request, not one per car (an unknown version: 404 each). */
  private versionLookup(): (version: string) => Promise<FleetVersion> {
    const looked = new Map<string, Promise<FleetVersion>>();
    return (version) => {
      let found = looked.get(version);
      if (!found) {
        found = this.versions.get(version);
        // Each car awaits it; a rejection is that car's refusal, never unhandled here.
        found.catch(() => undefined);
        looked.set(version, found);
      }
      return found;
    };
  }

  private async previousVersionOf(carId: string): Promise<string> {
    const current = this.registry.get(carId)?.version ?? null;
    const found = previousVersion(
      await this.history.recent(carId, ROLLBACK_LOOKBACK),
      current,
    );
    if (!found)
      throw new ConflictException(
        `car ${carId} has no earlier version in its history; give toVersion`,
      );
    return found;
  }

  private async each(
    carIds: readonly string[],
    start: (carId: string) => Promise<UpdateHistoryEntry>,
  ): Promise<BulkUpdateResponse> {
    const unique = [...new Set(carIds)];
    // With a synchronous database driver the checks and writes of one car never wait for I/O, so thousands of
    // cars would hold the event loop for seconds: MQTT acks and car answers of the deployments already started
    // would wait, and their timeouts would fire first. Each car waits for a later turn, and a turn starts at most
    // BULK_STARTS_PER_TURN of them, so pending I/O runs in between.
    const results = await mapPaced(
      unique,
      { concurrency: BULK_CONCURRENCY, perTurn: BULK_STARTS_PER_TURN },
      async (carId): Promise<CarUpdateOutcome> => {
        try {
          return { carId, status: 'accepted', entry: await start(carId) };
        } catch (error) {
          return refusal(carId, error, this.logger);
        }
      },
    );
    const accepted = results.filter((r) => r.status === 'accepted').length;
    return { accepted, refused: results.length - accepted, results };
  }
}

function refusal(
  carId: string,
  error: unknown,
  logger: Logger,
): CarUpdateOutcome {
  if (error instanceof HttpException) {
    const response = error.getResponse();
    const message =
      typeof response === 'string'
        ? response
        : (response as { message?: unknown }).message;
    return {
      carId,
      status: 'refused',
      statusCode: error.getStatus(),
      reason: Array.isArray(message)
        ? message.join('; ')
        : String(message ?? error.message),
    };
  }
  logger.error(
    `car=${carId} update failed to start: ${(error as Error).message}`,
  );
  return {
    carId,
    status: 'refused',
    statusCode: 500,
    reason: 'internal error',
  };
}
