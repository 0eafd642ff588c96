import { DynamicModule, Global, Module } from '@nestjs/common';
import type { AppConfig } from './app-config';
import { APP_CONFIG, AppConfigService } from './app-config.service';

@Global()
@Module({})
export class AppConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      exports: [AppConfigService],
      module: AppConfigModule,
      providers: [{ provide: APP_CONFIG, useValue: config }, AppConfigService],
    };
  }
}
