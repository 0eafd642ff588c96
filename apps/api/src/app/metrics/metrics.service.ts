import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { MqttClient } from 'mqtt';
import type { Observable } from 'rxjs';
import { CarRegistry } from '../cars/car-registry';
import { DeploymentClaims } from '../cluster/deployment-claims';
import { GROUP_WRITES } from '../database/group-writes.providers';
import type { GroupWrites } from '../database/group-writes';
import { SymphonyObjectsRepository } from '../database/symphony-objects.repository';
import { MQTT_CLIENT } from '../mqtt/mqtt-publisher';
import { RolloutsService } from '../rollout/rollouts.service';
import { UpdateResumer } from '../updates/update-resumer.service';
import { UpdateRunner } from '../updates/update-runner';
import type { UpdateFinished } from '../updates/update-runner';
import { FleetMetrics, mqttMessageLabels } from './fleet-metrics';
import { countedFamily, gauge } from './metric-types';
import type { MetricFamily, Sample } from './prometheus-text';
import { renderFamilies } from './prometheus-text';

/**
 * Collects the fleet's metrics: car and rollout gauges from the live registries at scrape time, counters fed by
 * the update runner's results, the API's MQTT client and the HTTP middleware. Others are looked up lazily
 * (strict: false), so the metrics module needs no exports from the modules it observes.
 */
@Injectable()
export class MetricsService implements OnApplicationBootstrap {
  private readonly logger = new Logger(MetricsService.name);

  constructor(
    private readonly metrics: FleetMetrics,
    private readonly registry: CarRegistry,
    private readonly moduleRef: ModuleRef,
  ) {}

  onApplicationBootstrap(): void {
    const runner = this.find<{ finished$: Observable<UpdateFinished> }>(UpdateRunner);
    runner?.finished$.subscribe(({ entry, outcome }) =>
      this.metrics.recordUpdate(entry.kind, outcome.result, entry.requestedAt, entry.finishedAt),
    );
    const client = this.find<MqttClient>(MQTT_CLIENT);
    client?.on('packetsend', (packet) => {
      if (packet.cmd === 'publish') this.metrics.mqttMessages.inc(mqttMessageLabels('out', packet.topic));
    });
  }

  render(): string {
    return renderFamilies([...this.carGauges(), this.rolloutGauge(), this.owedGauge(), ...this.counters()]);
  }

  /** Updates this replica owes cars and sends once they are online and parked, by why. */
  private owedGauge(): MetricFamily {
    const counts: Record<string, number> = this.find<UpdateResumer>(UpdateResumer)?.pendingByReason() ?? {};
    return gauge(
      'fleet_updates_owed',
      'Cars this replica owes an update, by reason: sent (unfinished when the API stopped), park (interrupted or refused while driving), unsent (the request never left the API; sent again shortly).',
      Object.entries(counts).map(([reason, value]) => ({ labels: { reason }, value })),
    );
  }

  private counters(): MetricFamily[] {
    const m = this.metrics;
    return [m.mqttMessages.family(), m.unacknowledgedRequests.family(), m.updates.family(), m.updateDuration.family(), m.httpRequests.family(), m.carStatusReads.family(), m.loopDelay.family(), this.symphonyReads(), this.claims(), ...this.groupWrites()];
  }

  /** Deployment claims this replica asked for (CLUSTER=on; all 0 with one replica), by result. */
  private claims(): MetricFamily {
    const results = this.find<DeploymentClaims>(DeploymentClaims)?.results ?? { taken: 0, refused: 0, failed: 0 };
    return countedFamily(
      'fleet_deployment_claims_total',
      "Claims on a car's deployment this replica asked for (several replicas), by result: taken, refused (another replica runs one), failed (the database could not be asked).",
      Object.entries(results).map(([result, value]) => ({ labels: { result }, value })),
    );
  }

  /**
   * The group commit of the busiest writes (history entries, Symphony objects, car versions): commits, the
   * statements in them, and what waits for the next one. Statements per commit tell how well a rollout's writes
   * are batched; a queue that stays long tells the database does not keep up. All 0 for a driver without one.
   */
  private groupWrites(): MetricFamily[] {
    const writes = this.find<GroupWrites | null>(GROUP_WRITES);
    return [
      countedFamily('fleet_db_group_commits_total', 'Group commits of the busiest database writes: one transaction each on SQLite, one round of multi-row statements on PostgreSQL.', [{ labels: {}, value: writes?.batches ?? 0 }]),
      countedFamily('fleet_db_group_statements_total', 'Write statements committed through the group commit (per commit: divide by fleet_db_group_commits_total).', [{ labels: {}, value: writes?.written ?? 0 }]),
      gauge('fleet_db_group_writes_pending', 'Write statements queued for the next group commit.', [{ labels: {}, value: writes?.pending ?? 0 }]),
    ];
  }

  /** Symphony object reads answered from this replica's memory and from the database (both 0 with CLUSTER=on). */
  private symphonyReads(): MetricFamily {
    const counts = this.find<SymphonyObjectsRepository>(SymphonyObjectsRepository)?.cacheCounts() ?? { hits: 0, misses: 0 };
    return countedFamily('fleet_symphony_object_reads_total', 'Symphony object reads by where they were answered (memory: the single-replica cache).', [
      { labels: { source: 'memory' }, value: counts.hits },
      { labels: { source: 'database' }, value: counts.misses },
    ]);
  }

  private carGauges(): MetricFamily[] {
    const byStatus = new Map<string, number>();
    const byVersion = new Map<string, number>();
    for (const car of this.registry.all()) {
      byStatus.set(car.display, (byStatus.get(car.display) ?? 0) + 1);
      const version = car.version ?? 'unknown';
      byVersion.set(version, (byVersion.get(version) ?? 0) + 1);
    }
    const samples = (map: Map<string, number>, label: string): Sample[] =>
      [...map].map(([value, count]) => ({ labels: { [label]: value }, value: count }));
    return [
      gauge('fleet_cars', 'Cars by display status.', samples(byStatus, 'status')),
      gauge('fleet_cars_by_version', 'Cars by the fleet version they run.', samples(byVersion, 'version')),
    ];
  }

  /** Cars per rollout, stage and bucket (pending, waiting, updating, succeeded, ...) of unfinished rollouts. */
  private rolloutGauge(): MetricFamily {
    const samples: Sample[] = [];
    const rollouts = this.find<RolloutsService>(RolloutsService);
    for (const r of rollouts?.list() ?? []) {
      if (r.finishedAt) continue;
      r.stages.forEach((stage, i) => {
        for (const [bucket, value] of Object.entries(stage.counts))
          samples.push({ labels: { rollout: r.name, stage: String(i), bucket }, value });
      });
    }
    return gauge('fleet_rollout_cars', 'Cars of each running rollout by stage and bucket.', samples);
  }

  private find<T>(token: unknown): T | undefined {
    try {
      return this.moduleRef.get(token as string, { strict: false }) as T;
    } catch (error) {
      this.logger.warn(`metrics: ${String(token)} not available: ${(error as Error).message}`);
      return undefined;
    }
  }
}
