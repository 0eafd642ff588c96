import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import { FleetMetrics } from './fleet-metrics';

/** A timer due this often; how late it runs is one observation. */
export const LOOP_SAMPLE_MS = 20;

/**
 * How long the API's event loop keeps work waiting (`fleet_event_loop_delay_seconds`): a timer due every 20 ms
 * records how late it ran. Every MQTT acknowledgement, car answer and HTTP request waits that long on top of its
 * own work, so this is the first figure to read when answers are slow. A stretch that holds the loop for 300 ms
 * is one observation of ~0.3 s. Unreferenced: it never keeps the process alive.
 */
@Injectable()
export class LoopDelayMonitor implements OnModuleInit, OnModuleDestroy {
  private timer: NodeJS.Timeout | null = null;
  private dueAt = 0;

  constructor(private readonly metrics: FleetMetrics) {}

  onModuleInit(): void {
    this.schedule();
  }

  onModuleDestroy(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(): void {
    this.dueAt = performance.now() + LOOP_SAMPLE_MS;
    this.timer = setTimeout(() => this.sample(), LOOP_SAMPLE_MS);
    this.timer.unref();
  }

  private sample(): void {
    const late = Math.max(0, performance.now() - this.dueAt);
    this.metrics.loopDelay.observe({}, late / 1000);
    this.schedule();
  }
}
