/** A source from its URL: `mssql://…` is SQL Server, `postgres://…` PostgreSQL (see connection-url.ts). */
import { parseSourceUrl, type SourceConfig } from './connection-url.ts';
import { mssqlSource } from './mssql/mssql-source.ts';
import { postgresSource } from './postgres/pg-source.ts';
import type { Source } from './source.ts';

export interface OpenedSource {
  readonly source: Source;
  readonly config: SourceConfig;
}

/** @example openSource('postgres://reader@127.0.0.1:5432/is_replica').source.kind // 'postgresql' */
export function openSource(url: string, env: NodeJS.ProcessEnv = process.env): OpenedSource {
  const config = parseSourceUrl(url, env);
  return { source: config.kind === 'sqlserver' ? mssqlSource(config) : postgresSource(config), config };
}
