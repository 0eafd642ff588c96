import {
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleDestroy,
  OnModuleInit,
} from '@nestjs/common';
import { Subscription } from 'rxjs';
import { AgentSupervisor } from '../ankaios/agent-supervisor';
import { Clock } from '../common/clock';
import { AppConfigService } from '../config/app-config.service';
import {
  META_DEMO_FLEET_SEEDED,
  MetaRepository,
} from '../database/meta.repository';
import { CAR_MODELS } from './car-identity';
import { CarRegistry } from './car-registry';
import { CarsService } from './cars.service';

/** At boot: ties the supervisor to the registry, brings persisted cars back, seeds the demo fleet once. */
@Injectable()
export class FleetStartup
  implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy
{
  private readonly logger = new Logger(FleetStartup.name);
  private subscription: Subscription | null = null;

  constructor(
    private readonly supervisor: AgentSupervisor,
    private readonly registry: CarRegistry,
    private readonly cars: CarsService,
    private readonly meta: MetaRepository,
    private readonly config: AppConfigService,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.subscription = this.supervisor.events$.subscribe((event) =>
      this.registry.applyProcess(event),
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    const resumed = await this.cars.resumeAll();
    if (resumed > 0)
      this.logger.log(`resumed ${resumed} car(s) from the database`);
    await this.seedDemoFleet();
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
  }

  /** Only on the very first start, so that deleted demo cars stay deleted. */
  private async seedDemoFleet(): Promise<void> {
    if ((await this.meta.get(META_DEMO_FLEET_SEEDED)) !== null) return;
    const fleet = this.config.get('demoFleet');
    let created = 0;
    for (const { region, count } of fleet) {
      for (let i = 0; i < count; i++) {
        await this.cars.create({
          region,
          model: CAR_MODELS[created % CAR_MODELS.length],
          state: 'parked',
        });
        created++;
      }
    }
    await this.meta.set(META_DEMO_FLEET_SEEDED, this.clock.nowIso());
    if (created > 0)
      this.logger.log(
        `created the demo fleet: ${fleet.map((f) => `${f.count} in ${f.region}`).join(', ')}`,
      );
  }
}
