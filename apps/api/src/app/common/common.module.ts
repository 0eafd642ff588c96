import { Global, Module } from '@nestjs/common';
import { Clock } from './clock';

@Global()
@Module({
  exports: [Clock],
  providers: [Clock],
})
export class CommonModule {}
