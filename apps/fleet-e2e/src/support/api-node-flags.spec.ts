import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { API_NODE_FLAGS, WORKSPACE } from '@fleet/e2e/support';

describe('API_NODE_FLAGS', () => {
  it('are the flags npm start runs the API with, so tests and benchmarks measure the API as it is started', () => {
    const pkg = JSON.parse(readFileSync(join(WORKSPACE, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    const run = / node ((?:--\S+ )*)dist\/apps\/api\/main\.js/.exec(pkg.scripts['start']);

    expect(run).not.toBeNull();
    expect(run?.[1].trim().split(' ')).toEqual(API_NODE_FLAGS);
  });
});
