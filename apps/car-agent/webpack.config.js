const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { join } = require('path');

module.exports = {
  // Tree shaking without minifying: the contracts library declares itself free of side effects, so the
  // agent's bundle leaves out the DTO modules it never uses (and class-validator with them).
  optimization: { usedExports: true, sideEffects: true, minimize: false },
  // mqtt-packet's parser uses only bl's BufferList; bl's entry adds a stream class on readable-stream, and
  // `debug` is silent anyway: together ~6.5 MB RSS per car process.
  resolve: {
    alias: {
      bl$: require.resolve('bl/BufferList.js'),
      debug$: join(__dirname, 'webpack/silent-debug.js'),
    },
  },
  output: {
    path: join(__dirname, '../../dist/apps/car-agent'),
    clean: true,
    ...(process.env.NODE_ENV !== 'production' && {
      devtoolModuleFilenameTemplate: '[absolute-resource-path]',
    }),
  },
  plugins: [
    new NxAppWebpackPlugin({
      target: 'node',
      compiler: 'tsc',
      // Only handlebars (loaded on first use) stays require()d from node_modules; the rest (contracts,
      // class-validator, tslib, mqtt-packet, js-yaml) is bundled, so dist/apps/car-agent/main.js runs with
      // plain node next to it. js-yaml parses every car's base manifest at boot: bundled instead of 27
      // separately loaded modules, a car process is ~0.9 MB smaller.
      externalDependencies: ['handlebars'],
      main: './src/main.ts',
      tsConfig: './tsconfig.app.json',
      assets: ['./src/assets'],
      optimization: false,
      outputHashing: 'none',
      generatePackageJson: true,
      sourceMap: true,
    }),
  ],
};
