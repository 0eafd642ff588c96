module.exports = {
  displayName: 'car-agent',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  moduleFileExtensions: ['ts', 'js', 'html'],
  // aedes 1.x is ESM only; ts-jest transpiles it for the integration spec's embedded broker.
  transformIgnorePatterns: ['/node_modules/(?!aedes/)'],
  coverageDirectory: '../../coverage/apps/car-agent',
};
