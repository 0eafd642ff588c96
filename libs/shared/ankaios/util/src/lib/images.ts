// The image a workload runs and its tag, which the fleet calls the workload's version.
import { load, loadAll } from 'js-yaml';
import { isPlainObject } from './object-path';

function safeLoad(text: string): unknown {
  try {
    return load(text);
  } catch {
    return undefined;
  }
}

function firstContainerImage(node: unknown): string | null {
  if (Array.isArray(node)) {
    for (const item of node) {
      const found = firstContainerImage(item);
      if (found) return found;
    }
    return null;
  }
  if (!isPlainObject(node)) return null;
  const containers = node['containers'];
  if (Array.isArray(containers))
    for (const c of containers) if (isPlainObject(c) && typeof c['image'] === 'string') return c['image'];
  for (const value of Object.values(node)) {
    const found = firstContainerImage(value);
    if (found) return found;
  }
  return null;
}

/** `image:` of a podman/containerd/simulated runtimeConfig; for podman-kube the first container image of its `manifest`. */
export function imageOf(runtime: string, runtimeConfig: string): string | null {
  const config = safeLoad(runtimeConfig);
  if (!isPlainObject(config)) return null;
  if (runtime === 'podman-kube') {
    const manifest = config['manifest'];
    if (typeof manifest !== 'string') return null;
    try {
      return firstContainerImage(loadAll(manifest));
    } catch {
      return null;
    }
  }
  const image = config['image'];
  return typeof image === 'string' && image.length > 0 ? image : null;
}

/** `registry:5000/app:1.2.4` -> `1.2.4`; null without an explicit tag (or for a digest reference). */
export function tagOf(image: string | null): string | null {
  if (!image) return null;
  const withoutDigest = image.split('@')[0];
  const colon = withoutDigest.lastIndexOf(':');
  return colon > withoutDigest.lastIndexOf('/') ? withoutDigest.slice(colon + 1) || null : null;
}

/** The tag every tagged image shares, `mixed` when they differ, null when there is none. */
export function sharedVersion(tags: readonly (string | null)[]): string | null {
  const distinct = [...new Set(tags.filter((t): t is string => t !== null))];
  return distinct.length === 0 ? null : distinct.length === 1 ? distinct[0] : 'mixed';
}
