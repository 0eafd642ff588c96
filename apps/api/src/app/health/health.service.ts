import { Inject, Injectable, Optional } from '@nestjs/common';
import type { ComponentHealth, HealthReport } from '@fleet/shared/contracts';
import { AgentSupervisor } from '../ankaios/agent-supervisor';
import { LeaseService } from '../cluster/lease.service';
import { Clock } from '../common/clock';
import { DatabaseProbe } from '../database/database-probe';
import { BROKER_ENDPOINT, BrokerEndpoint } from '../mqtt/broker-endpoint';
import { MqttPublisher } from '../mqtt/mqtt-publisher';

/** This process among several API replicas: its id, and whether it holds the engine lease. */
export interface ReplicaHealth {
  id: string;
  leader: boolean;
  leaseTtlSeconds: number;
}

export type ReplicaHealthReport = HealthReport & { replica?: ReplicaHealth };

/** Liveness, and readiness: the broker and the database are usable. Crashed agents degrade, they do not unready. */
@Injectable()
export class HealthService {
  private readonly startedAt: number;

  constructor(
    private readonly publisher: MqttPublisher,
    private readonly database: DatabaseProbe,
    private readonly supervisor: AgentSupervisor,
    private readonly clock: Clock,
    @Inject(BROKER_ENDPOINT) private readonly broker: BrokerEndpoint,
    @Optional() private readonly lease?: LeaseService,
  ) {
    this.startedAt = clock.now().getTime();
  }

  async report(): Promise<ReplicaHealthReport> {
    const brokerStatus: ComponentHealth = this.publisher.connected
      ? 'up'
      : 'down';
    const databaseStatus: ComponentHealth = (await this.database.ping())
      ? 'up'
      : 'down';
    const agents = this.supervisor.counts();
    const supervisorStatus: ComponentHealth =
      agents.crashed > 0 ? 'degraded' : 'up';
    const ready = brokerStatus === 'up' && databaseStatus === 'up';
    return {
      status: !ready ? 'down' : supervisorStatus,
      live: true,
      ready,
      components: {
        broker: {
          status: brokerStatus,
          url: this.broker.url,
          embedded: this.broker.embedded,
        },
        database: { status: databaseStatus, type: this.database.type },
        supervisor: { status: supervisorStatus, ...agents },
      },
      uptimeSeconds: Math.round(
        (this.clock.now().getTime() - this.startedAt) / 1000,
      ),
      ...(this.lease
        ? {
            replica: {
              id: this.lease.replicaId,
              leader: this.lease.isLeader,
              leaseTtlSeconds: this.lease.ttlMs / 1000,
            },
          }
        : {}),
    };
  }
}
