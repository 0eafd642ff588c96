import { Module } from '@nestjs/common';
import { AgentSupervisor } from './agent-supervisor';
import { ProcessSpawner } from './process-spawner';

@Module({
  exports: [AgentSupervisor],
  providers: [AgentSupervisor, ProcessSpawner],
})
export class AnkaiosModule {}
