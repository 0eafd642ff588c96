import { consoleConfig } from '../../../../tools/eslint/console.mjs';

export default consoleConfig();
