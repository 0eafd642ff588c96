const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { join } = require('path');

module.exports = {
  // Tree shaking without minifying: the contracts library declares itself free of side effects, so the
  // agent's bundle leaves out the DTO modules it never uses (and class-validator with them).
  optimization: { usedExports: true, sideEffects: true, minimize: false },
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
      // Only these stay require()d from node_modules; the rest (contracts, class-validator, tslib) is
      // bundled, so dist/apps/car-agent/main.js runs with plain node next to these three packages.
      externalDependencies: ['mqtt', 'js-yaml', 'handlebars'],
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
