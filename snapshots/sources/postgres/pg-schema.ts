/**
 * What an IS replica in PostgreSQL looks like: the IS tables under their IS names with these
 * types. Extraction reads any replica with the same names (case-insensitively) and compatible
 * types; this DDL is what the test bed and the benchmark create.
 */
import { quoteIdent, type SqlServerType, type TableDef } from '../../schema/index.ts';

/**
 * @example postgresTypeOf('datetime') // 'timestamp(3) without time zone'
 */
export function postgresTypeOf(type: SqlServerType): string {
  if (type === 'int') return 'integer';
  if (type === 'bigint') return 'bigint';
  if (type === 'smallint') return 'smallint';
  if (type === 'bit') return 'boolean';
  // Naive server-local stamps, like SQL Server datetime: never `timestamptz`.
  if (type === 'datetime') return 'timestamp(3) without time zone';
  if (type.startsWith('numeric')) return type;
  return type.replace(/^n?varchar/, 'varchar');
}

export function createPostgresTableSql(table: TableDef, schema = 'public'): string {
  const columns = table.columns.map((column) => `  ${quoteIdent(column.name)} ${postgresTypeOf(column.sqlServerType)}${column.nullable ? '' : ' NOT NULL'}`);
  return `CREATE TABLE ${quoteIdent(schema)}.${quoteIdent(table.name)} (\n${columns.join(',\n')}\n)`;
}
