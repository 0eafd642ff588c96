// The Symphony objects the API seeds at start (`symphony-config/*.json`), checked as a whole.
import {
  SYMPHONY_DEFAULT_NAMESPACE,
  type SymphonySolution,
  type SymphonySolutionVersion,
} from '@fleet/shared/contracts';
import { passed, rejected, type Checked, type SymphonyErrorField } from './checked';
import { isObject } from './json-guards';
import { validateSolutionVersionCreate } from './object-validation';

/** One already-read JSON file. */
export interface ConfigDocument {
  /** Where it came from (a file name), for messages. */
  source: string;
  json: unknown;
}

export interface SymphonyConfigInput {
  solutions: readonly ConfigDocument[];
  solutionVersions: readonly ConfigDocument[];
}

export interface SymphonyConfig {
  solutions: SymphonySolution[];
  /** In input order; namespaces defaulted to `default`. */
  solutionVersions: SymphonySolutionVersion[];
}

export interface ConfigIssue extends SymphonyErrorField {
  source: string;
}

/** Every issue of the whole set, or the objects with namespaces filled in. */
export function loadSymphonyConfig(input: SymphonyConfigInput): Checked<SymphonyConfig, ConfigIssue[]> {
  const issues: ConfigIssue[] = [];
  const solutions = collect<SymphonySolution>(input.solutions, issues);
  const versions = collect<SymphonySolutionVersion>(input.solutionVersions, issues);
  const roots = new Set(solutions.map((d) => d.object.metadata.name));
  for (const { source, object } of versions) {
    const errors = validateSolutionVersionCreate(object, { containerExists: (root) => roots.has(root) });
    issues.push(...errors.map((e) => ({ ...e, source })));
  }
  if (issues.length > 0) return rejected(issues);
  return passed({ solutions: solutions.map((d) => d.object), solutionVersions: versions.map((d) => d.object) });
}

function collect<T extends { metadata: { name: string; namespace?: string } }>(
  documents: readonly ConfigDocument[],
  issues: ConfigIssue[],
): { source: string; object: T }[] {
  const seen = new Set<string>();
  const result: { source: string; object: T }[] = [];
  for (const { source, json } of documents) {
    const problem = shapeProblem(json);
    if (problem) {
      issues.push({ source, ...problem });
      continue;
    }
    const object = json as T;
    const namespace = object.metadata.namespace || SYMPHONY_DEFAULT_NAMESPACE;
    const key = `${namespace}/${object.metadata.name}`;
    if (seen.has(key)) issues.push({ source, fieldPath: 'metadata.name', value: object.metadata.name, detailedMessage: 'name is used twice' });
    seen.add(key);
    result.push({ source, object: { ...object, metadata: { ...object.metadata, namespace } } });
  }
  return result;
}

function shapeProblem(json: unknown): SymphonyErrorField | null {
  if (!isObject(json)) return { fieldPath: '', value: json, detailedMessage: 'must be a JSON object {metadata, spec}' };
  const metadata = json['metadata'];
  if (!isObject(metadata) || typeof metadata['name'] !== 'string' || metadata['name'] === '')
    return { fieldPath: 'metadata.name', value: isObject(metadata) ? metadata['name'] : metadata, detailedMessage: 'metadata.name is required' };
  if (metadata['namespace'] !== undefined && typeof metadata['namespace'] !== 'string')
    return { fieldPath: 'metadata.namespace', value: metadata['namespace'], detailedMessage: 'namespace must be a string' };
  if (!isObject(json['spec'])) return { fieldPath: 'spec', value: json['spec'], detailedMessage: 'spec must be an object' };
  return null;
}
