// The shared contracts' DTOs use class-transformer's @Type, which reads decorator metadata at import time.
import 'reflect-metadata/lite';
import { setupZonelessTestEnv } from 'jest-preset-angular/setup-env/zoneless';

setupZonelessTestEnv({
  errorOnUnknownElements: true,
  errorOnUnknownProperties: true,
});
