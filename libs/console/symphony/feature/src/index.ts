export * from './lib/symphony.routes';
export * from './lib/symphony-page/symphony-page';
