import type { ConfigItem, WorkloadSpec } from '@fleet/shared/contracts';
import { renderTemplate, renderWorkload } from './templates';

const workload = (overrides: Partial<WorkloadSpec> = {}): WorkloadSpec => ({
  agent: 'car-1',
  runtime: 'podman',
  runtimeConfig: 'image: reg/app:1.0.0',
  configs: { c: 'sender' },
  ...overrides,
});

const configs: Record<string, ConfigItem> = {
  sender: {
    agent: 'car-7',
    tag: '1.2.4',
    env: [
      { key: 'TOPIC', value: 'vehicle/1/speed' },
      { key: 'INTERVAL', value: '1' },
    ],
    conf: 'line1\nline2\n',
    quote: '"<&>',
  },
};

describe(renderTemplate.name, () => {
  it.each<[string, string, string]>([
    ['a value', 'image: app:{{c.tag}}', 'image: app:1.2.4'],
    ['without HTML escaping', 'x: {{c.quote}}', 'x: "<&>'],
    ['a list element the handlebars-rust way', '{{c.env.0.key}}', 'TOPIC'],
    ['a list element the handlebars.js way', '{{c.env.[1].value}}', '1'],
    [
      '#each over a list, as in the fleet tutorial',
      'opts:\n  {{#each c.env}}\n  - "-e"\n  - "{{key}}={{value}}"\n  {{/each}}\n',
      'opts:\n  - "-e"\n  - "TOPIC=vehicle/1/speed"\n  - "-e"\n  - "INTERVAL=1"\n',
    ],
    ['the indent partial keeping the indentation', 'data: |\n    {{> indent content=c.conf}}\nend', 'data: |\n    line1\n    line2\nend'],
  ])('renders %s', (_name, template, expected) => {
    const context = { c: configs['sender'] };
    expect(renderTemplate(template, context)).toEqual({ ok: true, value: expected, warnings: [] });
  });

  it('fails in strict mode on an unknown variable', () => {
    const result = renderTemplate('{{c.nothing}}', { c: configs['sender'] });
    expect(result.ok).toBe(false);
  });
});

describe(renderWorkload.name, () => {
  it('renders agent and runtimeConfig over the aliases and consumes configs', () => {
    const result = renderWorkload(workload({ agent: '{{c.agent}}', runtimeConfig: 'image: reg/app:{{c.tag}}' }), configs);
    expect(result.ok && result.value).toEqual({ agent: 'car-7', runtime: 'podman', runtimeConfig: 'image: reg/app:1.2.4' });
  });

  it('renders file contents', () => {
    const spec = workload({ files: [{ mountPoint: '/etc/app.conf', data: 'tag={{c.tag}}' }] });
    const result = renderWorkload(spec, configs);
    expect(result.ok && result.value.files).toEqual([{ mountPoint: '/etc/app.conf', data: 'tag=1.2.4' }]);
  });

  it('leaves a workload without configs untouched, templates included', () => {
    const spec = workload({ configs: {}, runtimeConfig: 'image: {{c.tag}}' });
    expect(renderWorkload(spec, configs)).toEqual({ ok: true, value: spec, warnings: [] });
  });

  it('uses the alias, not the config name', () => {
    const result = renderWorkload(workload({ runtimeConfig: 'image: {{sender.tag}}' }), configs);
    expect(!result.ok && result.error).toMatch(/^Failed to render field 'runtimeConfig': '/);
  });

  it('names a config key that does not exist', () => {
    const result = renderWorkload(workload({ configs: { c: 'gone' } }), configs);
    expect(!result.ok && result.error).toBe("Workload references config key 'gone' that does not exist");
  });
});
