// Ankaios renders `agent`, `runtimeConfig` and files' `data`/`binaryData` with handlebars over a context whose
// top-level keys are the workload's config aliases (server config_renderer.rs): strict mode, no HTML escaping,
// and an `indent` partial (`{{> indent content=alias}}`) that keeps the line's indentation. Workloads without
// `configs` are not rendered at all. handlebars-rust accepts `{{a.list.0}}`; handlebars.js needs `a.list.[0]`.
import type * as Handlebars from 'handlebars';
import type { ConfigItem, WorkloadSpec } from '@fleet/shared/contracts';
import { fail, ok, type Result } from './result';

let engine: typeof Handlebars | undefined;

/** Loaded on first use: most workloads have no `configs`, and handlebars costs a car process ~9 MB. */
function handlebars(): typeof Handlebars {
  if (!engine) {
    engine = (require('handlebars') as typeof Handlebars).create();
    engine.registerPartial('indent', '{{content}}');
  }
  return engine;
}

const NUMERIC_SEGMENT = /\.(\d+)(?=[.\s}|)]|$)/g;

function toHandlebarsJs(template: string): string {
  return template.replace(/{{[^}]*}}/g, (tag) => tag.replace(NUMERIC_SEGMENT, '.[$1]'));
}

export function renderTemplate(template: string, context: Record<string, ConfigItem>): Result<string> {
  try {
    return ok(handlebars().compile(toHandlebarsJs(template), { strict: true, noEscape: true })(context));
  } catch (error) {
    return fail(error instanceof Error ? error.message.split('\n')[0] : String(error));
  }
}

/** The config values a workload sees, by alias. */
export function workloadContext(
  spec: WorkloadSpec,
  configs: Record<string, ConfigItem>,
): Result<Record<string, ConfigItem>> {
  const context: Record<string, ConfigItem> = {};
  for (const [alias, key] of Object.entries(spec.configs ?? {})) {
    if (!(key in configs)) return fail(`Workload references config key '${key}' that does not exist`);
    context[alias] = configs[key];
  }
  return ok(context);
}

/** The workload as the agent receives it: templated fields rendered, `configs` consumed. */
export function renderWorkload(spec: WorkloadSpec, configs: Record<string, ConfigItem>): Result<WorkloadSpec> {
  if (!spec.configs || Object.keys(spec.configs).length === 0) return ok(spec);
  const context = workloadContext(spec, configs);
  if (!context.ok) return context;
  const field = (name: string, template: string): Result<string> => {
    const r = renderTemplate(template, context.value);
    return r.ok ? r : fail(`Failed to render field '${name}': '${r.error}'`);
  };
  const runtimeConfig = field('runtimeConfig', spec.runtimeConfig);
  if (!runtimeConfig.ok) return runtimeConfig;
  const agent = field('agent', spec.agent);
  if (!agent.ok) return agent;
  const files: NonNullable<WorkloadSpec['files']> = [];
  for (const file of spec.files ?? []) {
    const key = file.data !== undefined ? 'data' : file.binaryData !== undefined ? 'binaryData' : null;
    if (!key) {
      files.push(file);
      continue;
    }
    const content = field(`files with mount point ${file.mountPoint}`, file[key] ?? '');
    if (!content.ok) return content;
    files.push({ ...file, [key]: content.value });
  }
  const rest: WorkloadSpec = { ...spec, agent: agent.value, runtimeConfig: runtimeConfig.value };
  delete rest.configs;
  return ok(spec.files ? { ...rest, files } : rest);
}
