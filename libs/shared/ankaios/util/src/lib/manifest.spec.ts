import { manifestUpdate, parseManifestText, validateManifest } from './manifest';

type WorkloadFields = Record<string, unknown>;

const workloadYaml = (fields: WorkloadFields) =>
  Object.entries(fields)
    .map(([k, v]) => `    ${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join('\n');

/** A manifest with one workload `app` (plus optional extra workloads and raw sections). */
const manifest = (options: { apiVersion?: string; app?: WorkloadFields; extra?: string } = {}) =>
  [
    `apiVersion: ${options.apiVersion ?? 'v1'}`,
    'workloads:',
    '  app:',
    workloadYaml({ agent: 'car-1', runtime: 'podman', runtimeConfig: '"image: reg/app:1.2.3"', ...options.app }),
    options.extra ?? '',
  ].join('\n');

describe(validateManifest.name, () => {
  it('accepts a v1 manifest and lists the workload as added', () => {
    const result = validateManifest(manifest());
    expect(result.ok).toBe(true);
    expect(result.ok && result.value.added.map((w) => [w.name, w.spec.agent])).toEqual([['app', 'car-1']]);
    expect(result.warnings).toEqual([]);
  });

  it('accepts JSON', () => {
    const json = JSON.stringify({
      apiVersion: 'v1',
      workloads: { app: { agent: 'car-1', runtime: 'simulated', runtimeConfig: 'image: a:1' } },
    });
    expect(validateManifest(json).ok).toBe(true);
  });

  it('accepts v0.1 with a warning and converts its list of tags to a map', () => {
    const result = validateManifest(manifest({ apiVersion: 'v0.1', app: { tags: [{ key: 'owner', value: 'fleet' }] } }));
    expect(result.ok && result.value.desiredState.workloads['app'].tags).toEqual({ owner: 'fleet' });
    expect(result.warnings).toEqual([
      "The provided state uses an old API version 'v0.1'. Please consider updating to the latest version 'v1'.",
    ]);
  });

  it('drops the obsolete v0.1-era fields with a warning', () => {
    const result = validateManifest(manifest({ apiVersion: 'v0.1', app: { restart: false, updateStrategy: 'AT_MOST_ONCE' } }));
    expect(result.ok).toBe(true);
    expect(result.warnings).toContain("Workload 'app': the obsolete field 'restart' is ignored.");
    expect(result.warnings).toContain("Workload 'app': the obsolete field 'updateStrategy' is ignored.");
  });

  it.each([
    ['an unknown API version', manifest({ apiVersion: 'v2' }), "Unsupported API version. Received 'v2', expected 'v1'"],
    ['a missing apiVersion', 'workloads: {}', 'apiVersion is missing.'],
    ['text that is not a mapping', '- a\n- b', 'Error parsing manifest: the manifest must be a mapping'],
    ['broken YAML', 'apiVersion: v1\nworkloads: [', 'Error parsing manifest:'],
    ['a manifest naming nothing', 'apiVersion: v1', 'The manifest names no workloads and no configs'],
    [
      'a list of tags in v1',
      manifest({ app: { tags: [{ key: 'a', value: 'b' }] } }),
      "For API version 'v1', tags must be specified as a mapping (key-value pairs). Found tags as sequence for workload 'app'.",
    ],
    [
      'a map of tags in v0.1',
      manifest({ apiVersion: 'v0.1', app: { tags: { a: 'b' } } }),
      "For API version 'v0.1', tags must be specified as a sequence (list of key-value entries). Found tags as mapping for workload 'app'.",
    ],
    ['a missing runtime', manifest({ app: { runtime: null } }), "Missing field runtime in workload 'app'"],
    ['a missing runtimeConfig', manifest({ app: { runtimeConfig: null } }), "Missing field runtimeConfig in workload 'app'"],
    ['a missing agent', manifest({ app: { agent: null } }), "Missing field agent in workload 'app'"],
    ['an unknown runtime', manifest({ app: { runtime: 'docker' } }), "Unsupported runtime 'docker' in workload 'app'"],
    [
      'an unknown restart policy',
      manifest({ app: { restartPolicy: 'SOMETIMES' } }),
      "workload 'app': restartPolicy: unknown variant `SOMETIMES`, expected one of `NEVER`, `ON_FAILURE`, `ALWAYS`",
    ],
    [
      'an unknown dependency condition',
      manifest({ app: { dependencies: { db: 'ADD_COND_HAPPY' } } }),
      "workload 'app': dependencies.db: unknown variant `ADD_COND_HAPPY`",
    ],
    [
      'a workload name with a dot',
      manifest({ extra: '  app.v2:\n    agent: a\n    runtime: podman\n    runtimeConfig: "image: x:1"' }),
      "Unsupported workload name 'app.v2'. Expected to have characters in [a-zA-Z0-9_-].",
    ],
    [
      'a workload name of 64 characters',
      manifest({ extra: `  ${'w'.repeat(64)}:\n    agent: a\n    runtime: podman\n    runtimeConfig: "image: x:1"` }),
      'Length 64 exceeds the maximum limit of 63 characters.',
    ],
    [
      'an agent name with a space',
      manifest({ app: { agent: '"car 1"' } }),
      "Unsupported agent name. Received 'car 1', expected to have characters in [a-zA-Z0-9_-]",
    ],
    [
      'a config that does not exist',
      manifest({ app: { configs: { c: 'missing' } } }),
      "Resulting State is invalid, reason: 'Workload references config key 'missing' that does not exist'",
    ],
    [
      'a self dependency',
      manifest({ app: { dependencies: { app: 'ADD_COND_RUNNING' } } }),
      "workload dependency 'app' is part of a cycle.",
    ],
    [
      'a cycle over three workloads',
      manifest({
        app: { dependencies: { b: 'ADD_COND_RUNNING' } },
        extra: [
          '  b:\n    agent: car-1\n    runtime: podman\n    runtimeConfig: "image: x:1"\n    dependencies:\n      c: ADD_COND_SUCCEEDED',
          '  c:\n    agent: car-1\n    runtime: podman\n    runtimeConfig: "image: x:1"\n    dependencies:\n      app: ADD_COND_FAILED',
        ].join('\n'),
      }),
      'is part of a cycle.',
    ],
  ])('rejects %s', (_name, text, error) => {
    const result = validateManifest(text);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toContain(error);
  });

  it('accepts a dependency on a workload that does not exist (it waits for it)', () => {
    expect(validateManifest(manifest({ app: { dependencies: { later: 'ADD_COND_RUNNING' } } })).ok).toBe(true);
  });

  it('checks a workload against the configs of the current state', () => {
    const current = { apiVersion: 'v1', workloads: {}, configs: { shared: { tag: '2.0.0' } } };
    const text = manifest({ app: { configs: { c: 'shared' }, runtimeConfig: '"image: reg/app:{{c.tag}}"' } });
    const result = validateManifest(text, { current });
    expect(result.ok && result.value.rendered['app'].spec.runtimeConfig).toBe('image: reg/app:2.0.0');
  });
});

describe(manifestUpdate.name, () => {
  const text = manifest({ extra: 'configs:\n  shared:\n    tag: "1"' });

  it('masks exactly the workloads and configs an applied manifest names', () => {
    const update = manifestUpdate(text, 'apply');
    expect(update.ok && update.value.updateMask).toEqual(['desiredState.workloads.app', 'desiredState.configs.shared']);
    expect(update.ok && Object.keys(update.value.newState.desiredState['workloads'] as object)).toEqual(['app']);
  });

  it('sends the same mask with an empty state to delete', () => {
    const update = manifestUpdate(text, 'delete');
    expect(update.ok && update.value.updateMask).toEqual(['desiredState.workloads.app', 'desiredState.configs.shared']);
    expect(update.ok && update.value.newState.desiredState).toEqual({ apiVersion: 'v1', workloads: {}, configs: {} });
  });
});

describe(parseManifestText.name, () => {
  it('reads YAML and JSON alike', () => {
    expect(parseManifestText('{"apiVersion": "v1"}')).toEqual(parseManifestText('apiVersion: v1'));
  });
});
