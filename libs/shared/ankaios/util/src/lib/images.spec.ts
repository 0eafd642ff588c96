import { imageOf, sharedVersion, tagOf } from './images';

describe(imageOf.name, () => {
  it.each([
    ['podman', 'image: reg/app:1.2.3\ncommandOptions: ["--net=host"]', 'reg/app:1.2.3'],
    ['simulated', 'image: reg/sim:2\nexitAfterSeconds: 3', 'reg/sim:2'],
    ['podman', 'commandArgs: [echo]', null],
    ['podman', 'image: [', null],
    [
      'podman-kube',
      'manifest: |\n  apiVersion: v1\n  kind: ConfigMap\n  ---\n  apiVersion: v1\n  kind: Pod\n  spec:\n    containers:\n    - name: a\n      image: reg/pod:3.1\n    - name: b\n      image: reg/other:1\n',
      'reg/pod:3.1',
    ],
  ])('%s: %j -> %s', (runtime, config, expected) => {
    expect(imageOf(runtime, config)).toBe(expected);
  });
});

describe(tagOf.name, () => {
  it.each([
    ['reg/app:1.2.4', '1.2.4'],
    ['localhost:5000/app:2.0', '2.0'],
    ['localhost:5000/app', null],
    ['alpine', null],
    ['reg/app:1.0@sha256:abc', '1.0'],
    [null, null],
  ])('%s -> %s', (image, tag) => {
    expect(tagOf(image)).toBe(tag);
  });
});

describe(sharedVersion.name, () => {
  it.each<[(string | null)[], string | null]>([
    [[], null],
    [[null], null],
    [['1.2.4', '1.2.4', null], '1.2.4'],
    [['1.2.3', '1.2.4'], 'mixed'],
  ])('%j -> %s', (tags, expected) => {
    expect(sharedVersion(tags)).toBe(expected);
  });
});
