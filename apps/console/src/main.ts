// Before anything imports the shared contracts: their DTOs use class-transformer's @Type, which reads
// decorator metadata (Reflect.getMetadata) when the module loads.
import 'reflect-metadata/lite';
import { bootstrapApplication } from '@angular/platform-browser';
import { appConfig } from './app/app.config';
import { App } from './app/app';

bootstrapApplication(App, appConfig).catch((err) => console.error(err));
