/** Small constructors that keep the table definitions in tables.ts short and readable. */
import { duckdbTypeOf, type ColumnDef, type ColumnUsage, type SqlServerType } from './types.ts';

interface ColumnOptions {
  readonly nullable?: boolean;
  readonly usage?: ColumnUsage;
}

/** A column the legacy report reads (pass `{ usage: 'extra' }` for one it does not). */
export function column(name: string, sqlServerType: SqlServerType, description: string, { nullable = false, usage = 'legacy' }: ColumnOptions = {}): ColumnDef {
  return { name, sqlServerType, duckdbType: duckdbTypeOf(sqlServerType), nullable, usage, description };
}

/** A column IS has but the legacy report does not read. */
export function extra(name: string, sqlServerType: SqlServerType, description: string, nullable = true): ColumnDef {
  return column(name, sqlServerType, description, { nullable, usage: 'extra' });
}
