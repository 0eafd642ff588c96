export * from './lib/base64';
