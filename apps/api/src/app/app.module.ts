import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AnkaiosFleetModule } from './ankaios/ankaios-fleet.module';
import { AnkaiosModule } from './ankaios/ankaios.module';
import { AuditModule } from './audit/audit.module';
import { AuthGuard } from './auth/auth.guard';
import { AuthModule } from './auth/auth.module';
import { CarsModule } from './cars/cars.module';
import { ClusterCarsModule } from './cluster/cluster-cars.module';
import { ClusterModule } from './cluster/cluster.module';
import { CommonModule } from './common/common.module';
import type { AppConfig } from './config/app-config';
import { AppConfigModule } from './config/config.module';
import { HealthModule } from './health/health.module';
import { MetricsModule } from './metrics/metrics.module';
import type { BrokerEndpoint } from './mqtt/broker-endpoint';
import { MqttModule } from './mqtt/mqtt.module';
import { RealtimeModule } from './realtime/realtime.module';
import { RolloutModule } from './rollout/rollout.module';
import { ShutdownSequence } from './shutdown-sequence';
import { SimulationModule } from './simulation/simulation.module';
import { SymphonyDeploymentsModule } from './symphony/deployments/symphony-deployments.module';
import { SymphonyModule } from './symphony/symphony.module';
import { UpdatesModule } from './updates/updates.module';

export interface AppModuleOptions {
  config: AppConfig;
  broker: BrokerEndpoint;
}

@Module({})
export class AppModule {
  static forRoot(options: AppModuleOptions): DynamicModule {
    return {
      imports: [
        AnkaiosFleetModule,
        AnkaiosModule,
        AppConfigModule.forRoot(options.config),
        AuditModule,
        AuthModule,
        CarsModule,
        ClusterCarsModule,
        ClusterModule,
        CommonModule,
        HealthModule,
        MetricsModule,
        MqttModule.forRoot(options.broker),
        RealtimeModule,
        RolloutModule,
        SimulationModule,
        SymphonyDeploymentsModule,
        SymphonyModule,
        UpdatesModule,
      ],
      module: AppModule,
      providers: [
        // Every HTTP route needs authentication unless @Public(); the guard also puts every write on the audit trail.
        { provide: APP_GUARD, useExisting: AuthGuard },
        ShutdownSequence,
      ],
    };
  }
}
