import { Global, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfigService } from '../config/app-config.service';
import { DatabaseModule } from '../database/database.module';
import { ClusterBus } from './cluster-bus';
import { DeploymentClaims } from './deployment-claims';
import { LeaderCommands } from './leader-commands';
import { LeaseStore } from './lease-store';
import {
  ENGINE_LEASE,
  LEASE_OPTIONS,
  LeaseOptions,
  LeaseService,
} from './lease.service';
import { ReplicaPresence, ReplicaRowStore } from './replica-presence';
import { newReplicaId, REPLICA_ID } from './replica-id';

export function leaseOptionsOf(config: AppConfigService): LeaseOptions {
  const cluster = config.get('cluster');
  return {
    name: ENGINE_LEASE,
    ttlMs: (cluster?.leaseTtlSeconds ?? 15) * 1000,
    cluster: cluster?.enabled ?? false,
  };
}

/**
 * Several API replicas on one database and broker: the engine lease (`LeaseService`), the replicas' channel
 * over the broker (`ClusterBus`), the forwarding of leader-only writes (`LeaderCommands`) and the replicas'
 * presence rows, by which the leader takes over a dead replica's work (`ReplicaPresence`).
 */
@Global()
@Module({
  exports: [
    ClusterBus,
    DeploymentClaims,
    LeaderCommands,
    LeaseService,
    ReplicaPresence,
    REPLICA_ID,
  ],
  imports: [DatabaseModule],
  providers: [
    { provide: REPLICA_ID, useFactory: newReplicaId },
    {
      provide: LEASE_OPTIONS,
      inject: [AppConfigService],
      useFactory: leaseOptionsOf,
    },
    {
      provide: LeaseStore,
      inject: [DataSource],
      useFactory: (dataSource: DataSource) => new LeaseStore(dataSource),
    },
    {
      provide: ReplicaRowStore,
      inject: [DataSource],
      useFactory: (dataSource: DataSource) => new ReplicaRowStore(dataSource),
    },
    {
      provide: DeploymentClaims,
      inject: [DataSource, REPLICA_ID, LEASE_OPTIONS],
      useFactory: (
        dataSource: DataSource,
        replicaId: string,
        lease: LeaseOptions,
      ) => new DeploymentClaims(lease.cluster ? dataSource : null, replicaId),
    },
    ClusterBus,
    LeaderCommands,
    LeaseService,
    ReplicaPresence,
  ],
})
export class ClusterModule {}
