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
  // Specs against PostgreSQL (`*.postgres.spec.ts`) need a server: only with DATABASE_URL (npm run test:services).
  testPathIgnorePatterns: process.env['DATABASE_URL']
    ? ['/node_modules/']
    : ['/node_modules/', '\\.postgres\\.spec\\.ts$'],
  coverageDirectory: '../../coverage/apps/api',
};
