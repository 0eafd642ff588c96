/**
 * Writes a migration per driver from the difference between the entities and the schema the existing
 * migrations make: `npm run db:migration -- <Name>` (PascalCase, e.g. AddCarColor). For each driver it migrates
 * a scratch database (a temporary SQLite file; a fresh PostgreSQL database on the server of DATABASE_URL,
 * default postgres://postgres@127.0.0.1:5432/test, dropped afterwards), asks TypeORM for the statements still
 * pending, writes them as apps/api/src/app/database/migrations/<driver>/<timestamp>-<name>.ts and lists the
 * folder's migrations in its index.ts. A driver with nothing pending gets no file.
 */
import {
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { DataSource, DataSourceOptions } from 'typeorm';
import {
  schemaOptions,
  SchemaDriver,
} from '../../apps/api/src/app/database/schema-options';
import { createScratchDatabase } from '../../apps/api/src/app/database/scratch-postgres';

const MIGRATIONS_DIR = resolve(
  __dirname,
  '../../apps/api/src/app/database/migrations',
);
const DEFAULT_SERVER = 'postgres://postgres@127.0.0.1:5432/test';

interface Statement {
  query: string;
  parameters?: unknown[];
}

interface Pending {
  up: Statement[];
  down: Statement[];
}

async function main(): Promise<void> {
  const name = process.argv[2] ?? '';
  if (!/^[A-Z][A-Za-z0-9]*$/.test(name)) {
    console.error(
      'usage: npm run db:migration -- <Name> (PascalCase, e.g. AddCarColor)',
    );
    process.exit(2);
  }
  const timestamp = Date.now();
  for (const driver of ['sqlite', 'postgres'] as const) {
    const pending = await pendingStatements(driver);
    if (pending.up.length === 0) {
      console.log(
        `${driver}: the migrations already make the entities' schema; nothing written`,
      );
      continue;
    }
    const file = join(MIGRATIONS_DIR, driver, `${timestamp}-${kebab(name)}.ts`);
    await writeFormatted(
      file,
      migrationSource(`${name}${timestamp}`, driver, name, pending),
    );
    await writeFormatted(
      join(MIGRATIONS_DIR, driver, 'index.ts'),
      indexSource(driver),
    );
    console.log(`${driver}: ${pending.up.length} statements -> ${file}`);
  }
}

/** The statements that would bring a database made by the existing migrations to the entities. */
async function pendingStatements(driver: SchemaDriver): Promise<Pending> {
  const scratch = await scratchDatabase(driver);
  const dataSource = new DataSource({
    ...scratch.options,
    ...schemaOptions(driver),
  } as DataSourceOptions);
  try {
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'all' });
    const log = await dataSource.driver.createSchemaBuilder().log();
    return { up: log.upQueries, down: [...log.downQueries].reverse() };
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await scratch.dispose();
  }
}

async function scratchDatabase(driver: SchemaDriver) {
  if (driver === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'fleet-migration-'));
    return {
      options: {
        type: 'better-sqlite3',
        database: join(dir, 'scratch.sqlite'),
      },
      dispose: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const server = process.env['DATABASE_URL'] || DEFAULT_SERVER;
  const { url, dispose } = await createScratchDatabase(server, 'mig');
  return { options: { type: 'postgres', url }, dispose };
}

function migrationSource(
  className: string,
  driver: SchemaDriver,
  name: string,
  pending: Pending,
): string {
  const label = driver === 'postgres' ? 'PostgreSQL' : 'SQLite';
  return `import type { MigrationInterface, QueryRunner } from 'typeorm';

/** ${name} (${label}): written by \`npm run db:migration -- ${name}\` from the entities. */
export class ${className} implements MigrationInterface {
  // Explicit: the migrations table records this name, and a bundler may rename classes.
  name = '${className}';

  async up(queryRunner: QueryRunner): Promise<void> {
${pending.up.map(call).join('\n')}
  }

  async down(queryRunner: QueryRunner): Promise<void> {
${pending.down.map(call).join('\n')}
  }
}
`;
}

function call(statement: Statement): string {
  const sql = statement.query
    .replace(/\\/g, '\\\\')
    .replace(/`/g, '\\`')
    .replace(/\$\{/g, '\\${');
  const parameters = statement.parameters?.length
    ? `, ${JSON.stringify(statement.parameters)}`
    : '';
  return `    await queryRunner.query(\`${sql}\`${parameters});`;
}

/** The folder's migrations in timestamp order (file names start with it). */
function indexSource(driver: SchemaDriver): string {
  const dir = join(MIGRATIONS_DIR, driver);
  const files = readdirSync(dir)
    .filter((f) => /^\d{13}-.*\.ts$/.test(f) && !f.endsWith('.spec.ts'))
    .sort();
  const classes = files.map((file) => {
    const match = /export class (\w+)/.exec(
      readFileSync(join(dir, file), 'utf8'),
    );
    if (!match) throw new Error(`${file}: no exported migration class`);
    return { file: file.replace(/\.ts$/, ''), name: match[1] };
  });
  const constant =
    driver === 'postgres' ? 'POSTGRES_MIGRATIONS' : 'SQLITE_MIGRATIONS';
  const label = driver === 'postgres' ? 'PostgreSQL' : 'SQLite';
  return `${classes.map((c) => `import { ${c.name} } from './${c.file}';`).join('\n')}

/** ${label} migrations, oldest first. Written by \`npm run db:migration\`; do not edit by hand. */
export const ${constant} = [${classes.map((c) => c.name).join(', ')}];
`;
}

async function writeFormatted(file: string, source: string): Promise<void> {
  writeFileSync(
    file,
    await format(source, {
      ...(await resolveConfig(file)),
      parser: 'typescript',
    }),
  );
}

function kebab(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
