import nx from '@nx/eslint-plugin';
import baseConfig from '../../eslint.config.mjs';

/** The ESLint configuration every console project shares; `prefix` is its component/directive selector prefix. */
export function consoleConfig(prefix = 'fleet') {
  return [
    ...nx.configs['flat/angular'],
    ...nx.configs['flat/angular-template'],
    ...baseConfig,
    {
      files: ['**/*.ts'],
      rules: {
        '@angular-eslint/directive-selector': ['error', { type: 'attribute', prefix, style: 'camelCase' }],
        '@angular-eslint/component-selector': ['error', { type: 'element', prefix, style: 'kebab-case' }],
      },
    },
  ];
}
