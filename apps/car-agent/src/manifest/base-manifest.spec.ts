import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import type { DesiredState } from '@fleet/shared/contracts';
import { AGENT_NAME_PLACEHOLDER, loadBaseManifest, renderBaseManifest } from './base-manifest';

const BASE_MANIFEST = join(__dirname, '../../../../ankaios/base-manifest.yaml');

describe(renderBaseManifest.name, () => {
  it('replaces every placeholder and nothing else', () => {
    const text = `a: ${AGENT_NAME_PLACEHOLDER}\nb: ${AGENT_NAME_PLACEHOLDER}\nc: "{{config.x}}"\n`;
    expect(renderBaseManifest(text, 'car-9')).toBe('a: car-9\nb: car-9\nc: "{{config.x}}"\n');
  });
});

describe('ankaios/base-manifest.yaml', () => {
  const manifest = load(loadBaseManifest(BASE_MANIFEST, 'car-9')) as DesiredState;

  it('is an apiVersion v1 manifest with the three fleet workloads on this agent', () => {
    expect(manifest.apiVersion).toBe('v1');
    expect(Object.keys(manifest.workloads).sort()).toEqual(['adas', 'infotainment', 'telematics']);
    for (const workload of Object.values(manifest.workloads)) {
      expect(workload.agent).toBe('car-9');
      expect(workload.runtime).toBe('podman');
      expect(workload.runtimeConfig).toMatch(/^image: ghcr\.io\/fleet-ota\/[a-z]+:1\.2\.3$/m);
    }
  });

  it('starts adas after telematics runs', () => {
    expect(manifest.workloads['adas'].dependencies).toEqual({ telematics: 'ADD_COND_RUNNING' });
  });

  it('documents the placeholder at its top', () => {
    const head = readFileSync(BASE_MANIFEST, 'utf8').split('\napiVersion:')[0];
    expect(head).toContain(AGENT_NAME_PLACEHOLDER);
  });
});
