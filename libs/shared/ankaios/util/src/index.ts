export * from './lib/shared-ankaios-util';
