const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { join } = require('path');

module.exports = {
  output: {
    path: join(__dirname, '../../dist/apps/api'),
    clean: true,
    ...(process.env.NODE_ENV !== 'production' && {
      devtoolModuleFilenameTemplate: '[absolute-resource-path]',
    }),
  },
  plugins: [
    new NxAppWebpackPlugin({
      target: 'node',
      compiler: 'tsc',
      main: './src/main.ts',
      // The embedded MQTT broker's worker thread (see src/broker-worker.ts, load-config BROKER_WORKER_SCRIPT).
      additionalEntryPoints: [{ entryName: 'broker-worker', entryPath: './src/broker-worker.ts' }],
      tsConfig: './tsconfig.app.json',
      assets: ['./src/assets'],
      optimization: false,
      outputHashing: 'none',
      generatePackageJson: true,
      sourceMap: true,
      // OpenAPI from the DTO classes (libs/shared/contracts *.dto.ts) and the controllers' JSDoc.
      transformers: [
        {
          name: '@nestjs/swagger/plugin',
          options: {
            dtoFileNameSuffix: ['.dto.ts'],
            controllerFileNameSuffix: ['.controller.ts'],
            classValidatorShim: true,
            introspectComments: true,
          },
        },
      ],
    }),
  ],
};
