/**
 * The SQL each source receives, per dialect (the contract suite then runs it on real servers).
 */
import { describe, expect, it } from 'vitest';
import { parsePeriod, parseStamp } from '../../../snapshots/period.ts';
import { tables } from '../../../snapshots/schema/index.ts';
import { parseSourceUrl } from '../../../snapshots/sources/connection-url.ts';
import { resolveSchema } from '../../../snapshots/sources/discovery.ts';
import { mssqlSource } from '../../../snapshots/sources/mssql/mssql-source.ts';
import { postgresSource } from '../../../snapshots/sources/postgres/pg-source.ts';
import { chunkSql, discardChunkSql, extentSql, type QueryContext } from '../../../snapshots/sources/queries.ts';
import type { Source } from '../../../snapshots/sources/source.ts';

const live = tables.flatMap((table) => table.columns.filter((column) => column.name !== 'ANI').map((column) => ({ table: table.name, column: column.name })));
const schema = resolveSchema(tables, live, 'test');
const table = (name: string) => schema.tables.find((candidate) => candidate.def.name === name) as (typeof schema.tables)[number];
const context = (source: Source, clients?: { from: string; to: string }): QueryContext => ({
  sql: source.sql,
  dialect: source.sql.dialect(schema.names),
  period: parsePeriod('2026-10'),
  clients,
});
const day = { from: parseStamp('2026-10-01 00:00:00.000'), to: parseStamp('2026-10-02 00:00:00.000') };
const sqlServer = mssqlSource(parseSourceUrl('mssql://reader@is-db/IS', {}));
const postgres = postgresSource(parseSourceUrl('postgres://reader@replica/is?schema=is_copy', {}));

describe('the SELECTs sent to SQL Server', () => {
  it('count a table’s selection and bound its chunk column', () => {
    expect(extentSql(table('cltClients'), context(sqlServer, { from: '1000', to: '1999' }))).toBe(
      'SELECT COUNT(*), MIN([cltID]), MAX([cltID]) FROM [dbo].[cltClients] WHERE ([ClientNumber] BETWEEN 1000 AND 1999)',
    );
  });

  it('list their columns, cast numeric to text, and read one chunk in stamp order', () => {
    expect(chunkSql(table('cltClients'), {}, context(sqlServer))).toBe(
      'SELECT [cltID], CAST([ClientNumber] AS varchar(40)) AS [ClientNumber], [ClientName], [BillingCode], [Inactive], [Stamp] FROM [dbo].[cltClients] ORDER BY [cltID]',
    );
    expect(chunkSql(table('statCallStart'), day, context(sqlServer))).toBe(
      'SELECT [callId], [cltID], [Stamp] FROM [dbo].[statCallStart] WHERE ([callId] IN (SELECT [callId] FROM [dbo].[statCallEnd] WHERE ' +
        "[Stamp] BETWEEN CAST('2026-10-01T00:00:00.000' AS datetime) AND CAST('2026-10-31T23:59:59.997' AS datetime))) " +
        "AND [Stamp] >= CAST('2026-10-01T00:00:00.000' AS datetime) AND [Stamp] < CAST('2026-10-02T00:00:00.000' AS datetime) ORDER BY [Stamp], [callId]",
    );
  });
});

describe('the SELECTs sent to PostgreSQL', () => {
  it('read the replica’s schema, cast numeric to text and bound the chunk', () => {
    expect(chunkSql(table('cltClients'), { from: 10 }, context(postgres, { from: '1000', to: '1999' }))).toBe(
      'SELECT "cltID", "ClientNumber"::text AS "ClientNumber", "ClientName", "BillingCode", "Inactive", "Stamp" FROM "is_copy"."cltClients" ' +
        'WHERE ("ClientNumber" BETWEEN 1000 AND 1999) AND "cltID" >= 10 ORDER BY "cltID"',
    );
  });
});

describe('a chunk of a table selected by keys', () => {
  it('restricts the key subqueries on its own column to the chunk, so each chunk reads only its keys', () => {
    const sql = chunkSql(table('msgMessages'), { from: 1000, to: 2000 }, context(postgres));
    expect(sql).toContain('"msgId" IN (SELECT "msgId" FROM "is_copy"."msgHistories" WHERE (');
    expect(sql).toMatch(/FROM "is_copy"\."msgHistories" WHERE \(.*\) AND "msgId" >= 1000 AND "msgId" < 2000\)/);
    expect(sql).toMatch(
      /"msgId" IN \(SELECT "msgID" FROM "is_copy"\."statMergeComm" WHERE "msgID" IN \(SELECT [^)]*\) AND "msgID" >= 1000 AND "msgID" < 2000\)/,
    );
    expect(sql).toMatch(/AND "msgId" >= 1000 AND "msgId" < 2000 ORDER BY "msgId"$/);
  });

  it('leaves subqueries on other columns whole (a stamp-chunked table selected by a key)', () => {
    const sql = chunkSql(table('statCallStart'), day, context(postgres));
    expect(sql).toMatch(/^SELECT .* WHERE \("callId" IN \(SELECT "callId" FROM "is_copy"\."statCallEnd" WHERE "Stamp" BETWEEN [^)]*\)\) AND "Stamp" >= /);
  });
});

describe('a half-read chunk', () => {
  it('is deleted from the snapshot by the same range', () => {
    expect(discardChunkSql(table('statCallStart'), day)).toBe(
      `DELETE FROM "statCallStart" WHERE "Stamp" >= TIMESTAMP '2026-10-01 00:00:00.000' AND "Stamp" < TIMESTAMP '2026-10-02 00:00:00.000'`,
    );
    expect(discardChunkSql(table('agtAgents'), {})).toBe('DELETE FROM "agtAgents"');
  });
});
