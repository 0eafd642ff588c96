import { Module } from '@nestjs/common';
import { AppConfigService } from '../config/app-config.service';
import { AgentHostSpawner } from './agent-host/agent-host.spawner';
import { AgentSupervisor } from './agent-supervisor';
import { ProcessSpawner } from './process-spawner';

/** AGENT_MODE: one agent process per car (`process`, the default), or every car in one agent host (`host`). */
export function spawnerFor(config: AppConfigService): ProcessSpawner {
  return config.get('agent').mode === 'host'
    ? new AgentHostSpawner()
    : new ProcessSpawner();
}

@Module({
  exports: [AgentSupervisor],
  providers: [
    AgentSupervisor,
    {
      provide: ProcessSpawner,
      inject: [AppConfigService],
      useFactory: spawnerFor,
    },
  ],
})
export class AnkaiosModule {}
