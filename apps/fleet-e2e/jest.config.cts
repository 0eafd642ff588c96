module.exports = {
  displayName: 'fleet-e2e',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  // The contracts' DTOs use class-transformer decorators, which need the Reflect metadata API at import.
  setupFiles: ['reflect-metadata'],
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  moduleFileExtensions: ['ts', 'js'],
  // Real processes, a real broker and a real database: give each test room.
  testTimeout: 60_000,
  // Several replicas need a broker and a database outside any one API process: only with MQTT_URL and
  // DATABASE_URL (npm run test:services), never in the default run on the embedded broker and SQLite.
  testPathIgnorePatterns:
    process.env['MQTT_URL'] && process.env['DATABASE_URL']
      ? ['/node_modules/']
      : ['/node_modules/', 'replicas\\.e2e\\.spec\\.ts$'],
};
