import { describe, it, expect } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import {
  createTableSql,
  duckdbTypeOf,
  findColumn,
  findTable,
  tableNamed,
  tables,
  type CodeFilter,
  type SqlServerType,
  type TableDef,
} from '../../../snapshots/schema/index.ts';

/**
 * Every table and column the legacy Billing Export 200 report reads, transcribed from the "Used:"
 * lists of section A (A.1 to A.14) of the Amtelco IS research note (shared/amtelco-is.md).
 */
const legacyReads: Readonly<Record<string, readonly string[]>> = {
  // A.1
  cltClients: ['cltID', 'ClientNumber', 'ClientName', 'BillingCode'],
  // A.2
  statClientMaintenance: ['cltID', 'Stamp', 'Type', 'Duration'],
  // A.3
  statDispatchAdded: ['dispID', 'cltID', 'Timestamp'],
  statDispatchDeleted: ['dispID', 'Reason', 'Timestamp'],
  // A.4
  msgMessages: ['msgId', 'cltID', 'Urgent'],
  // A.5
  msgHistories: ['msgId', 'agtId', 'Stamp', 'DispositionId'],
  // A.6
  agtAgents: ['agtId', 'agtType', 'subID'],
  // A.7
  statDialouts: ['cltID', 'Timestamp', 'Duration', 'Overdial'],
  // A.8
  statEmail: ['cltID', 'Timestamp', 'Error', 'Inbound'],
  statMsm: ['cltID', 'Timestamp', 'Error', 'Inbound'],
  statSms: ['cltID', 'Timestamp', 'Error', 'Inbound'],
  statSnpp: ['cltID', 'Timestamp', 'Error', 'Inbound'],
  statTap: ['cltID', 'Timestamp', 'Error', 'Inbound'],
  statWctp: ['cltID', 'Timestamp', 'Error', 'Inbound'],
  statVocera: ['cltID', 'Timestamp', 'Error', 'Inbound'],
  statCisco: ['cltID', 'Timestamp', 'Error', 'Inbound'],
  statFax: ['cltID', 'Timestamp', 'Error', 'Inbound'],
  // A.9
  statCallStart: ['callId', 'Stamp'],
  statCallEnd: [
    'callId',
    'cltId',
    'Stamp',
    'Kind',
    'CompCode',
    'selDisc',
    'unselDisc',
    'selRing',
    'unselRing',
    'selTalk',
    'unselTalk',
    'selTalk1',
    'unselTalk1',
    'selTalk2',
    'unselTalk2',
    'selConference',
    'unselConference',
    'selHold',
    'unselHold',
    'selInProgress',
    'unselInProgress',
    'selVoiceMail',
    'unselVoiceMail',
    'selAuto',
    'unselAuto',
    'selOutboundQueue',
    'unselOutboundQueue',
    'selAutoHold',
    'unselAutoHold',
    'selPatch',
    'unselPatch',
  ],
  // A.10
  statMergeComm: ['cltID', 'msgID', 'agtID', 'SourceType'],
  // A.11
  statLogout: ['agtId', 'stationType', 'Login', 'Logout'],
  // A.12
  dirListings: ['agtID', 'subId', 'cltId'],
  // A.13
  statDirectorySetup: ['subId', 'Stamp', 'Duration'],
  // A.14
  dirSubjects: ['subId', 'BillingcltID'],
};

const legacyPairs = Object.entries(legacyReads).flatMap(([table, columns]) => columns.map((column) => [table, column] as const));

const byTable = tables.map((table) => [table.name, table] as const);

/** The column of that name in that table, failing the test with a readable message if there is none. */
function mustHaveColumn(table: TableDef, name: string, what: string): void {
  expect(findColumn(table, name), `${what}: ${table.name} has no column ${name}`).toBeDefined();
}

function mustHaveTable(name: string, what: string): TableDef {
  const table = findTable(name);
  expect(table, `${what}: no table ${name}`).toBeDefined();
  return table as TableDef;
}

function filterColumnExists(table: TableDef, where: CodeFilter | undefined, what: string): void {
  if (where) mustHaveColumn(table, where.column, `${what} where`);
}

function isDatetime(table: TableDef, name: string): boolean {
  return findColumn(table, name)?.sqlServerType === 'datetime';
}

describe('IS schema names', () => {
  it('names every table once, ignoring case', () => {
    const names = tables.map((table) => table.name.toLowerCase());
    expect(new Set(names).size).toBe(names.length);
  });

  it.each(byTable)('%s names every column once, ignoring case', (_name, table) => {
    const names = table.columns.map((column) => column.name.toLowerCase());
    expect(names.length).toBeGreaterThan(0);
    expect(new Set(names).size).toBe(names.length);
  });

  it('finds tables and columns whatever the case of the name', () => {
    expect(findTable('STATCALLEND')).toBe(tableNamed('statCallEnd'));
    expect(findColumn(tableNamed('statCallEnd'), 'CLTID')?.name).toBe('cltId');
    expect(findTable('noSuchTable')).toBeUndefined();
    expect(() => tableNamed('noSuchTable')).toThrow(/noSuchTable/);
  });
});

describe('IS schema keys and references', () => {
  it.each(byTable)('%s builds its primary key from its own non-nullable columns', (_name, table) => {
    expect(new Set(table.primaryKey.map((key) => key.toLowerCase())).size).toBe(table.primaryKey.length);
    for (const key of table.primaryKey) {
      mustHaveColumn(table, key, 'primary key');
      expect(findColumn(table, key)?.nullable, `${table.name}.${key} is a key`).toBe(false);
    }
  });

  it.each(byTable)('%s references only existing tables and columns, of the same type', (_name, table) => {
    for (const reference of table.references) {
      mustHaveColumn(table, reference.column, 'reference');
      const target = mustHaveTable(reference.table, `reference from ${table.name}.${reference.column}`);
      mustHaveColumn(target, reference.targetColumn, `reference from ${table.name}.${reference.column}`);
      expect(findColumn(table, reference.column)?.sqlServerType).toBe(findColumn(target, reference.targetColumn)?.sqlServerType);
    }
  });
});

describe('IS schema selection rules', () => {
  it.each(byTable)('%s selects rows by columns, sources and filters that exist', (_name, table) => {
    for (const rule of table.selection) {
      if (rule.kind === 'all') continue;
      mustHaveColumn(table, rule.column, `${rule.kind} rule`);
      filterColumnExists(table, rule.where, `${rule.kind} rule`);
      if (rule.kind !== 'keyIn') continue;
      const source = mustHaveTable(rule.source.table, `keyIn source of ${table.name}`);
      mustHaveColumn(source, rule.source.column, 'keyIn source');
      expect(findColumn(table, rule.column)?.sqlServerType).toBe(findColumn(source, rule.source.column)?.sqlServerType);
      expect(rule.why.trim()).not.toBe('');
      if (rule.source.kind === 'filtered') filterColumnExists(source, rule.source.where, 'keyIn source');
      if (rule.source.kind !== 'selected') mustHaveColumn(source, rule.source.inPeriod, 'keyIn source inPeriod');
    }
  });

  it.each(byTable)('%s places rows in a period only by datetime columns', (_name, table) => {
    if (table.periodColumn !== undefined) {
      expect(isDatetime(table, table.periodColumn), `${table.name}.${table.periodColumn}`).toBe(true);
    }
    for (const rule of table.selection) {
      if (rule.kind === 'inPeriod') expect(isDatetime(table, rule.column), `${table.name}.${rule.column}`).toBe(true);
      if (rule.kind === 'keyIn' && rule.source.kind !== 'selected') {
        const source = tableNamed(rule.source.table);
        expect(isDatetime(source, rule.source.inPeriod), `${source.name}.${rule.source.inPeriod}`).toBe(true);
      }
    }
  });

  it.each(tables.filter((table) => table.role === 'fact').map((table) => [table.name, table] as const))(
    'fact table %s is selected by period rules, never copied whole',
    (_name, table) => {
      expect(table.selection.length).toBeGreaterThan(0);
      expect(table.selection.filter((rule) => rule.kind === 'all')).toEqual([]);
    },
  );

  it.each(tables.filter((table) => table.role === 'dimension').map((table) => [table.name, table] as const))(
    'dimension table %s is copied whole',
    (_name, table) => {
      expect(table.selection).toEqual([{ kind: 'all' }]);
    },
  );

  it('never makes a table wait, through selected-row sources, on its own selection', () => {
    const dependsOn = (table: TableDef): string[] =>
      table.selection.flatMap((rule) => (rule.kind === 'keyIn' && rule.source.kind === 'selected' ? [rule.source.table.toLowerCase()] : []));
    for (const start of tables) {
      const seen = new Set<string>();
      const stack = dependsOn(start);
      while (stack.length > 0) {
        const next = stack.pop() as string;
        expect(next, `${start.name} depends on its own selection`).not.toBe(start.name.toLowerCase());
        if (seen.has(next)) continue;
        seen.add(next);
        stack.push(...dependsOn(tableNamed(next)));
      }
    }
  });
});

describe('IS column types', () => {
  it('maps each SQL Server type to the DuckDB type that keeps its values', () => {
    const check = (input: SqlServerType, expected: string): void => {
      expect(duckdbTypeOf(input), input).toBe(expected);
    };
    check('int', 'INTEGER');
    check('bigint', 'BIGINT');
    check('smallint', 'SMALLINT');
    check('bit', 'BOOLEAN');
    check('datetime', 'TIMESTAMP');
    check('numeric(18,0)', 'DECIMAL(18,0)');
    check('numeric(10,2)', 'DECIMAL(10,2)');
    check('nvarchar(150)', 'VARCHAR');
    check('varchar(32)', 'VARCHAR');
  });

  it('refuses a SQL Server type it has no DuckDB type for', () => {
    expect(() => duckdbTypeOf('text' as SqlServerType)).toThrow(/text/);
  });

  it.each(byTable)('%s stores each column as the DuckDB type of its SQL Server type', (_name, table) => {
    for (const column of table.columns) expect(column.duckdbType, column.name).toBe(duckdbTypeOf(column.sqlServerType));
  });

  it('creates every table in DuckDB with exactly the defined column names, types and nullability', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      for (const table of tables) await connection.run(createTableSql(table));
      const rows = (
        await connection.runAndReadAll(
          `SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns
           WHERE table_schema = 'main' ORDER BY table_name, ordinal_position`,
        )
      ).getRowObjectsJson();
      const actual = new Map<string, { name: string; type: string; nullable: boolean }[]>();
      for (const row of rows) {
        const list = actual.get(String(row.table_name)) ?? [];
        list.push({ name: String(row.column_name), type: String(row.data_type), nullable: row.is_nullable === 'YES' });
        actual.set(String(row.table_name), list);
      }
      expect([...actual.keys()].sort()).toEqual(tables.map((table) => table.name).sort());
      for (const table of tables) {
        expect(actual.get(table.name), table.name).toEqual(
          table.columns.map((column) => ({ name: column.name, type: column.duckdbType, nullable: column.nullable })),
        );
      }
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });
});

describe('IS schema against the legacy Billing Export 200 report', () => {
  it('contains every table and column the legacy report reads, marked legacy', () => {
    const missing: string[] = [];
    const notLegacy: string[] = [];
    for (const [tableName, columnName] of legacyPairs) {
      const table = findTable(tableName);
      const column = table && findColumn(table, columnName);
      if (!column) missing.push(`${tableName}.${columnName}`);
      else if (column.usage !== 'legacy') notLegacy.push(`${tableName}.${columnName}`);
    }
    expect(missing).toEqual([]);
    expect(notLegacy).toEqual([]);
  });

  it('marks legacy only the columns the legacy report reads', () => {
    const read = new Set(legacyPairs.map(([table, column]) => `${table}.${column}`.toLowerCase()));
    const overclaimed = tables.flatMap((table) =>
      table.columns
        .filter((column) => column.usage === 'legacy' && !read.has(`${table.name}.${column.name}`.toLowerCase()))
        .map((column) => `${table.name}.${column.name}`),
    );
    expect(overclaimed).toEqual([]);
  });
});
