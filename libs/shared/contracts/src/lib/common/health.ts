export type ComponentHealth = 'up' | 'down' | 'degraded';

export interface HealthReport {
  status: ComponentHealth;
  /** Liveness: the process answers. Readiness: broker and database are usable. */
  live: boolean;
  ready: boolean;
  components: {
    broker: { status: ComponentHealth; url: string; embedded: boolean };
    database: { status: ComponentHealth; type: 'sqlite' | 'postgres' };
    supervisor: { status: ComponentHealth; running: number; crashed: number; desired: number };
  };
  uptimeSeconds: number;
}
