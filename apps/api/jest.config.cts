module.exports = {
  displayName: 'api',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  // aedes 1.x ships ESM only; let ts-jest transpile it.
  transformIgnorePatterns: ['/node_modules/(?!aedes/)'],
  setupFiles: ['<rootDir>/src/testing/jest-setup.ts'],
  moduleFileExtensions: ['ts', 'js', 'html'],
  coverageDirectory: '../../coverage/apps/api',
};
