import type { DataSourceOptions } from 'typeorm';

const MESSAGE = 'audit_log is append-only';

/** Triggers that make the database refuse UPDATE and DELETE on `audit_log`; idempotent, run at every start. */
export function appendOnlyStatements(
  type: DataSourceOptions['type'],
): string[] {
  if (type === 'postgres')
    return [
      `CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION '${MESSAGE}'; END; $$ LANGUAGE plpgsql`,
      'DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log',
      `CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
       FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`,
      'DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log',
      `CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
       FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`,
    ];
  return ['UPDATE', 'DELETE'].map(
    (op) =>
      `CREATE TRIGGER IF NOT EXISTS audit_log_no_${op.toLowerCase()} BEFORE ${op} ON audit_log
       BEGIN SELECT RAISE(ABORT, '${MESSAGE}'); END`,
  );
}
