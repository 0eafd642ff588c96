const { join } = require('node:path');
const nxPreset = require('@nx/jest/preset').default;

module.exports = {
  ...nxPreset,
  reporters: ['default', join(__dirname, 'tools/jest/summary-reporter.js')],
};
