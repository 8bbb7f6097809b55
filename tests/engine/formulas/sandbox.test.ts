/**
 * Attacks on the formula engine by untrusted SQL, in two layers:
 *
 * 1. validation (openValidator) rejects them statically, with a precise code and position;
 * 2. the sandbox stops them at run time even when validation is bypassed (defence in depth):
 *    no file or network access, locked configuration, read-only snapshot, time and memory limits;
 *    and after every attack the same sandbox still answers correctly.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineError, type EngineErrorCode } from '../../../engine/errors.ts';
import type { Formula } from '../../../engine/formulas/definition.ts';
import { bindParameters } from '../../../engine/formulas/params.ts';
import { indexFormulas, type FormulaIndex } from '../../../engine/formulas/references.ts';
import { openSnapshotSandbox, type Sandbox, type SandboxLimits } from '../../../engine/formulas/sandbox.ts';
import { openValidator, type Validator } from '../../../engine/formulas/validate.ts';
import { createDemoSnapshot } from '../../../snapshots/demo/demo-snapshot.ts';
import { scaleNamed } from '../../../snapshots/demo/scales.ts';
import { parsePeriod } from '../../../snapshots/period.ts';
import { snapshotDataFile } from '../../../snapshots/store/snapshot-store.ts';
import { resolveWorkspace } from '../../../snapshots/store/workspace.ts';

const formula = (sql: string, extra: Partial<Formula> = {}): Formula => ({
  kind: 'formula',
  id: 'Attack',
  title: 't',
  description: 'd',
  unit: 'count',
  family: 'test',
  variant: 'custom',
  statistic: 'Attack',
  quirks: { reproduces: [], fixes: [] },
  params: [],
  sql,
  tests: [],
  ...extra,
});

/** The SQL text at a 1-based line and column, as long as `expected`: what an error points at. */
function textAt(sql: string, line: number | undefined, column: number | undefined, length: number): string {
  return (sql.split('\n')[(line ?? 0) - 1] ?? '').slice((column ?? 0) - 1, (column ?? 0) - 1 + length);
}

/** What each validation code says, so a user knows what is wrong without reading the code. */
const messages: Partial<Record<EngineErrorCode, RegExp>> = {
  not_select:
    /a formula is a single SELECT query; other statements .* are not allowed|DESCRIBE, SHOW and SUMMARIZE are not allowed: a formula is a plain SELECT/,
  multiple_statements: /a formula is exactly one SELECT query, this has 2 statements/,
  table_function: /^table function \w+\(\) is not allowed: a formula reads snapshot tables only$/,
  unknown_table: /is not an IS snapshot table|a formula reads snapshot tables by their IS name only/,
  unknown_formula: /^formulas\.Nope is not a formula of the library$/,
  forbidden_function:
    /is not allowed in a formula: it reads the server's settings or catalog, or builds rows out of nothing|a formula calls functions by their plain name only/,
};

/** A formula the library holds, so `formulas.Known` is a valid reference. */
const known = formula('SELECT c.cltID, 1::BIGINT AS value\nFROM cltClients c', { id: 'Known' });
const index: FormulaIndex = indexFormulas([known]);

// A valid formula's select list, so that only the attack is wrong.
const RESULT = 'SELECT 1::INTEGER AS cltID, 1::BIGINT AS value';

describe('layer 1: validation rejects attacks with a precise code and position', () => {
  let validator: Validator;
  beforeAll(async () => {
    validator = await openValidator();
  });
  afterAll(() => validator.close());

  // Behaviour -> SQL -> code, and the text the reported line:column points at.
  it.each([
    // Reading files: table functions and replacement scans.
    ['reading /etc/passwd with read_csv is a forbidden table function', `${RESULT}\nFROM read_csv('/etc/passwd')`, 'table_function', "read_csv('/etc/passwd')"],
    ['read_csv_auto is a forbidden table function', `${RESULT}\nFROM read_csv_auto('/etc/passwd')`, 'table_function', 'read_csv_auto('],
    ['read_parquet is a forbidden table function', `${RESULT}\nFROM read_parquet('/data/*.parquet')`, 'table_function', 'read_parquet('],
    ['read_json is a forbidden table function', `${RESULT}\nFROM read_json('/etc/hosts')`, 'table_function', 'read_json('],
    ['read_text is a forbidden table function', `${RESULT}\nFROM read_text('/etc/passwd')`, 'table_function', 'read_text('],
    ['read_blob is a forbidden table function', `${RESULT}\nFROM read_blob('/root/.ssh/id_rsa')`, 'table_function', 'read_blob('],
    ['listing files with glob is a forbidden table function', `${RESULT}\nFROM glob('/*')`, 'table_function', "glob('/*')"],
    [
      'a file read hidden in a scalar subquery is still found',
      "SELECT 1::INTEGER AS cltID,\n  (SELECT count(*) FROM read_text('/etc/passwd'))::BIGINT AS value",
      'table_function',
      'read_text(',
    ],
    [
      'a file read hidden in a CTE is still found',
      "WITH f AS (SELECT * FROM read_csv('/etc/passwd'))\nSELECT 1::INTEGER AS cltID, count(*)::BIGINT AS value FROM f",
      'table_function',
      'read_csv(',
    ],
    ["a file path as a table name ('...') is an unknown table, not a replacement scan", `${RESULT}\nFROM '/etc/passwd'`, 'unknown_table', "'/etc/passwd'"],
    ['a file path as a quoted name ("...") is an unknown table', `${RESULT}\nFROM "/etc/passwd"`, 'unknown_table', '"/etc/passwd"'],
    // Statements other than SELECT: rejected at their first keyword.
    ['COPY ... TO a file is not a SELECT', "COPY statCallEnd TO '/tmp/stolen.csv'", 'not_select', 'COPY'],
    ['COPY (query) TO a file is not a SELECT', "COPY (SELECT * FROM cltClients) TO '/tmp/stolen.parquet' (FORMAT parquet)", 'not_select', 'COPY'],
    ['ATTACH of a database file is not a SELECT', "ATTACH '/tmp/evil.duckdb' AS evil", 'not_select', 'ATTACH'],
    ['DETACH of the snapshot is not a SELECT', 'DETACH snapshot', 'not_select', 'DETACH'],
    ['INSTALL of an extension is not a SELECT', 'INSTALL httpfs', 'not_select', 'INSTALL'],
    ['LOAD of an extension file is not a SELECT', "LOAD '/tmp/evil.duckdb_extension'", 'not_select', 'LOAD'],
    ['SET enable_external_access is not a SELECT', 'SET enable_external_access = true', 'not_select', 'SET'],
    ['SET GLOBAL lock_configuration is not a SELECT', 'SET GLOBAL lock_configuration = false', 'not_select', 'SET'],
    ['RESET lock_configuration is not a SELECT', 'RESET lock_configuration', 'not_select', 'RESET'],
    ['PRAGMA memory_limit is not a SELECT', "PRAGMA memory_limit = '100GB'", 'not_select', 'PRAGMA'],
    ['CALL of a table function is not a SELECT', 'CALL duckdb_settings()', 'not_select', 'CALL'],
    ['CREATE TABLE is not a SELECT', 'CREATE TABLE evil AS SELECT * FROM cltClients', 'not_select', 'CREATE'],
    ['CREATE VIEW is not a SELECT', 'CREATE VIEW statCallEnd2 AS SELECT * FROM statCallEnd', 'not_select', 'CREATE'],
    ['CREATE TEMP MACRO shadowing sum() is not a SELECT (the locks would let it through)', 'CREATE TEMP MACRO sum(x) AS 42', 'not_select', 'CREATE'],
    ['CREATE SECRET is not a SELECT', "CREATE SECRET s3 (TYPE s3, KEY_ID 'k', SECRET 's')", 'not_select', 'CREATE'],
    ['INSERT is not a SELECT', 'INSERT INTO cltClients (cltID) VALUES (1)', 'not_select', 'INSERT'],
    ['UPDATE is not a SELECT', 'UPDATE statCallEnd SET cltId = 0', 'not_select', 'UPDATE'],
    ['DELETE is not a SELECT', 'DELETE FROM statCallEnd', 'not_select', 'DELETE'],
    ['DROP TABLE is not a SELECT', 'DROP TABLE statCallEnd', 'not_select', 'DROP'],
    ['ALTER TABLE is not a SELECT', 'ALTER TABLE statCallEnd RENAME TO gone', 'not_select', 'ALTER'],
    ['EXPORT DATABASE is not a SELECT', "EXPORT DATABASE '/tmp/everything'", 'not_select', 'EXPORT'],
    ['USE of another catalog is not a SELECT (the locks would let it through)', 'USE memory', 'not_select', 'USE'],
    ['SET search_path is not a SELECT (the locks would let it through)', "SET search_path = 'memory'", 'not_select', 'SET'],
    ['PRAGMA enable_profiling is not a SELECT (the locks would let it through)', 'PRAGMA enable_profiling', 'not_select', 'PRAGMA'],
    // Several statements, and statements hidden after comments.
    ['a DROP after a valid SELECT is rejected at the DROP', `${RESULT}; DROP TABLE statCallEnd`, 'not_select', 'DROP TABLE'],
    ['two SELECTs are rejected at the second', `${RESULT};\nSELECT 2 AS cltID, 2 AS value`, 'multiple_statements', 'SELECT 2'],
    ['a statement after a line comment is rejected at the statement', '-- just a harmless note; really\nDROP TABLE statCallEnd', 'not_select', 'DROP'],
    [
      'an INSERT after a SELECT and comments with ; in them is rejected at the INSERT',
      `/* ; */ ${RESULT};\n  -- ;\n  INSERT INTO cltClients VALUES (1)`,
      'not_select',
      'INSERT',
    ],
    ['a ; inside a string does not hide a COPY', `SELECT ';'::INTEGER AS cltID, 1 AS value; COPY cltClients TO '/tmp/x.csv'`, 'not_select', 'COPY'],
    // Table functions and system views: the catalog is not for formulas.
    ['range() is a forbidden table function', 'SELECT r.range::INTEGER AS cltID, 1::BIGINT AS value\nFROM range(10) r', 'table_function', 'range(10)'],
    ['generate_series() is a forbidden table function', `${RESULT}\nFROM generate_series(1, 1000000000)`, 'table_function', 'generate_series('],
    ['duckdb_settings() is a forbidden table function', `${RESULT}\nFROM duckdb_settings()`, 'table_function', 'duckdb_settings()'],
    ['duckdb_tables() is a forbidden table function', `${RESULT}\nFROM duckdb_tables()`, 'table_function', 'duckdb_tables()'],
    ['pragma_database_list() is a forbidden table function', `${RESULT}\nFROM pragma_database_list()`, 'table_function', 'pragma_database_list()'],
    ['query() running SQL text is a forbidden table function', `${RESULT}\nFROM query('SELECT * FROM duckdb_settings()')`, 'table_function', 'query('],
    // Scalar functions that read the instance or build data out of nothing.
    [
      'current_setting() reads the settings: forbidden',
      "SELECT 1::INTEGER AS cltID, length(current_setting('temp_directory'))::BIGINT AS value",
      'forbidden_function',
      'current_setting(',
    ],
    [
      'duckdb_databases() as a scalar call is forbidden',
      'SELECT 1::INTEGER AS cltID, 1::BIGINT AS value\nWHERE duckdb_databases() IS NOT NULL',
      'forbidden_function',
      'duckdb_databases(',
    ],
    ['range() as a list is forbidden (huge)', 'SELECT 1::INTEGER AS cltID, len(range(1000000000000))::BIGINT AS value', 'forbidden_function', 'range('],
    [
      'generate_series() as a list is forbidden',
      'SELECT 1::INTEGER AS cltID, len(generate_series(1, 1000000000))::BIGINT AS value',
      'forbidden_function',
      'generate_series(',
    ],
    ['getenv() is forbidden', "SELECT 1::INTEGER AS cltID, length(getenv('HOME'))::BIGINT AS value", 'forbidden_function', 'getenv('],
    ['repeat() of a huge string is forbidden', "SELECT 1::INTEGER AS cltID, length(repeat('x', 1000000000))::BIGINT AS value", 'forbidden_function', 'repeat('],
    ['a catalog-qualified function is forbidden', 'SELECT 1::INTEGER AS cltID, system.main.abs(1)::BIGINT AS value', 'forbidden_function', 'system.main.abs('],
    ['information_schema.tables is not an IS table', `${RESULT}\nFROM information_schema.tables`, 'unknown_table', 'information_schema.tables'],
    ['pg_catalog.pg_class is not an IS table', `${RESULT}\nFROM pg_catalog.pg_class`, 'unknown_table', 'pg_catalog.pg_class'],
    ['the duckdb_databases view is not an IS table', `${RESULT}\nFROM duckdb_databases`, 'unknown_table', 'duckdb_databases'],
    ['the sqlite_master view is not an IS table', `${RESULT}\nFROM sqlite_master`, 'unknown_table', 'sqlite_master'],
    // Catalog- or schema-qualified names.
    [
      'snapshot.main.cltClients: IS tables are read by their bare name',
      `${RESULT}\nFROM snapshot.main.cltClients`,
      'unknown_table',
      'snapshot.main.cltClients',
    ],
    ['memory.main.x: the scratch catalog is not readable', `${RESULT}\nFROM memory.main.x`, 'unknown_table', 'memory.main.x'],
    [
      'system.main.duckdb_settings() is a forbidden table function',
      `${RESULT}\nFROM system.main.duckdb_settings()`,
      'table_function',
      'system.main.duckdb_settings()',
    ],
    ['formulas.main.Known: formulas are read as formulas.<Id> only', `${RESULT}\nFROM formulas.main.Known`, 'unknown_table', 'formulas.main.Known'],
    // Unknown names.
    ['an unknown table is reported at its name', `${RESULT}\nFROM statCallEnd e\n  JOIN passwords p ON p.id = e.callId`, 'unknown_table', 'passwords'],
    ['a reference to a formula that does not exist is an unknown formula', 'SELECT n.cltID, n.value\nFROM formulas.Nope n', 'unknown_formula', 'formulas.Nope'],
    // Catalog reads that DuckDB parses as a SELECT (found by this corpus; now rejected).
    ['SHOW ALL TABLES inside a subquery is rejected at SHOW', `${RESULT}\nFROM (SHOW ALL TABLES)`, 'not_select', 'SHOW ALL'],
    ['DESCRIBE of a table is rejected', 'DESCRIBE cltClients', 'not_select', 'DESCRIBE'],
    [
      'SUMMARIZE inside an IN subquery is rejected at SUMMARIZE',
      'SELECT c.cltID, 1::BIGINT AS value\nFROM cltClients c\nWHERE c.cltID IN (SELECT 1 FROM (SUMMARIZE cltClients))',
      'not_select',
      'SUMMARIZE',
    ],
    // CTE names are scoped as DuckDB binds them (found by this corpus; now rejected).
    [
      'a CTE named like a system view reading itself reads the view: unknown table',
      'WITH duckdb_databases AS (SELECT * FROM duckdb_databases)\nSELECT 1::INTEGER AS cltID, count(*)::BIGINT AS value FROM duckdb_databases',
      'unknown_table',
      'duckdb_databases)',
    ],
    [
      'a CTE name does not cover the same name outside its subquery',
      'SELECT a.cltID, b.value\nFROM (WITH duckdb_databases AS (SELECT 1) SELECT 1::INTEGER AS cltID) a,\n  (SELECT count(*)::BIGINT AS value FROM duckdb_databases) b',
      'unknown_table',
      'duckdb_databases) b',
    ],
    [
      'the anchor of a recursive CTE does not see the CTE itself',
      'WITH RECURSIVE duckdb_views(v) AS (\n  SELECT sql FROM duckdb_views UNION ALL SELECT v FROM duckdb_views WHERE false)\nSELECT 1::INTEGER AS cltID, count(*)::BIGINT AS value FROM duckdb_views',
      'unknown_table',
      'duckdb_views UNION',
    ],
  ] as const)('%s', async (_behaviour, sql, code, pointedAt) => {
    const validation = await validator.validate(formula(sql), index);
    expect(validation.errors.map((error) => error.code)).toEqual([code]);
    const [error] = validation.errors as [EngineError];
    expect(error.location.formulaId).toBe('Attack');
    expect(textAt(sql, error.location.line, error.location.column, pointedAt.length)).toBe(pointedAt);
    expect(error.message).toMatch(messages[code] as RegExp);
    expect(error.describe()).toMatch(new RegExp(`^Attack:${error.location.line}:${error.location.column}: `));
    expect(validation.valueType).toBeUndefined();
  });

  // The rules above do not reject ordinary SQL that looks like them.
  it.each([
    ['a statement inside a comment is not run, the SELECT is valid', `${RESULT} -- ; DROP TABLE statCallEnd\n/* ; COPY statCallEnd TO '/tmp/x' */`],
    [
      'a chain of CTEs, each reading the ones before',
      'WITH a AS (SELECT cltID FROM cltClients), b AS (SELECT cltID FROM a)\nSELECT cltID, 1::BIGINT AS value FROM b',
    ],
    [
      'a CTE read in a correlated subquery and in a set operation',
      'WITH a AS (SELECT cltID FROM cltClients)\nSELECT cltID, (SELECT count(*) FROM a a2 WHERE a2.cltID = a.cltID)::BIGINT AS value FROM a\nUNION ALL SELECT cltID, 2 FROM a',
    ],
    [
      'a recursive CTE reading itself in its recursive part',
      'WITH RECURSIVE t(cltID, value) AS (SELECT 1, 1::BIGINT UNION ALL SELECT cltID, value + 1 FROM t WHERE value < 3)\nSELECT cltID, max(value) AS value FROM t GROUP BY cltID',
    ],
    ['a reference to a formula of the library', 'SELECT k.cltID, k.value FROM formulas.Known k'],
    ['an alias that starts like a forbidden keyword', 'SELECT show_me.cltID, 1::BIGINT AS value FROM cltClients show_me'],
  ])('%s', async (_behaviour, sql) => {
    const validation = await validator.validate(formula(sql), index);
    expect(validation.errors.map((error) => error.describe())).toEqual([]);
    expect(validation.valueType).toBe('BIGINT');
  });
});

describe('layer 2: the sandbox stops attacks at run time, validation bypassed', () => {
  // The attacks run under a generous time limit, so a busy machine cannot turn a refusal into a
  // timeout; the runaway queries under a short one.
  const limits: SandboxLimits = { timeoutMs: 10_000, memoryLimit: '256MB', threads: 1 };
  const shortLimits: SandboxLimits = { timeoutMs: 300, memoryLimit: '256MB', threads: 1 };
  const noParameters = bindParameters([], {});
  let dir: string;
  let file: string;
  let sandbox: Sandbox;
  let short: Sandbox;
  let calls: string;

  /** Runs `sql` straight in the sandbox and returns the EngineError it fails with. */
  async function attack(target: Sandbox, sql: string, label: string): Promise<EngineError> {
    const error = await target.query(sql, noParameters, label).then(
      (rows) => new Error(`the attack ran and returned ${JSON.stringify(rows).slice(0, 200)}`),
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(EngineError);
    return error as EngineError;
  }

  it('an error quoting the snapshot file names no folder of the workspace', async () => {
    const error = await attack(sandbox, "SELECT CAST(path AS INTEGER) AS n FROM duckdb_databases() WHERE database_name = 'snapshot'", 'Leak');
    expect(error.code).toBe('runtime_error');
    expect(error.message).toContain('<snapshot>');
    expect(error.message).not.toContain(dir);
    await expectHealthy(sandbox);
  });

  it('runs a query again after it failed, with the values bound each time', async () => {
    const sql = "SELECT CASE WHEN $fail > 0 THEN error('refused on purpose') ELSE $n END AS n";
    const bound = (fail: number, n: number) =>
      bindParameters(
        [
          { name: 'fail', type: 'integer', default: 0, description: '' },
          { name: 'n', type: 'integer', default: 0, description: '' },
        ],
        { fail, n },
      );
    const outcomes: unknown[] = [];
    for (const [fail, n] of [
      [0, 1],
      [1, 2],
      [0, 3],
      [1, 4],
      [0, 5],
    ] as const) {
      outcomes.push(await sandbox.query(sql, bound(fail, n), 'Again').catch((error: EngineError) => error.code));
    }
    expect(outcomes).toEqual([[{ n: '1' }], 'runtime_error', [{ n: '3' }], 'runtime_error', [{ n: '5' }]]);
  });

  it('answers every query right past the statements it keeps prepared (64 per connection)', async () => {
    // The same 70 queries twice: the first ones were dropped meanwhile and are prepared again, the last kept.
    const answers: unknown[] = [];
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 70; i++) answers.push((await sandbox.query(`SELECT ${i} AS n`, noParameters, 'Many'))[0]?.n);
    }
    const once = Array.from({ length: 70 }, (_, i) => i);
    expect(answers).toEqual([...once, ...once]);
  });

  /** The engine stays healthy: the same sandbox still reads the snapshot, with the same answer. */
  async function expectHealthy(target: Sandbox): Promise<void> {
    expect(await target.query('SELECT count(*) AS n FROM statCallEnd', noParameters, 'health check')).toEqual([{ n: calls }]);
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sandbox-attacks-'));
    const workspace = resolveWorkspace(dir);
    const manifest = await createDemoSnapshot(workspace, { scale: scaleNamed('tiny'), period: parsePeriod('2026-10'), periodLabel: '2026-10', seed: 1 });
    file = snapshotDataFile(workspace, manifest.id);
    sandbox = await openSnapshotSandbox(file, limits);
    short = await openSnapshotSandbox(file, shortLimits);
    const [row] = await sandbox.query('SELECT count(*) AS n FROM statCallEnd', noParameters, 'health check');
    calls = String(row?.n);
    expect(Number(calls)).toBeGreaterThan(0);
  });
  afterAll(() => {
    sandbox?.close();
    short?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const fileAccessOff = /Permission Error: .*(file system operations are disabled by configuration|Loading external extensions is disabled)/;
  const locked = /Cannot change configuration option "\w+" - the configuration has been locked/;
  const readOnly = /Cannot execute statement of type "(INSERT|DELETE|UPDATE|CREATE|DROP|ALTER)" on database "snapshot" which is attached in read-only mode/;
  const out = (name: string) => join(dir, name);

  // Behaviour -> SQL (with `<dir>` for a fresh temporary folder) -> what the message says.
  it.each([
    // Files, through table functions, replacement scans and scalar calls.
    ['read_csv of /etc/passwd is refused by the file system lock', "SELECT * FROM read_csv('/etc/passwd')", fileAccessOff],
    ['read_text of /etc/passwd is refused', "SELECT * FROM read_text('/etc/passwd')", fileAccessOff],
    ['read_blob of /etc/passwd is refused', "SELECT * FROM read_blob('/etc/passwd')", fileAccessOff],
    ['read_parquet is refused', "SELECT * FROM read_parquet('/etc/passwd')", fileAccessOff],
    ['read_json is refused', "SELECT * FROM read_json('/etc/passwd')", fileAccessOff],
    ['glob listing / is refused', "SELECT * FROM glob('/*')", fileAccessOff],
    ['a replacement scan of a .csv path is refused', "SELECT * FROM '/etc/passwords.csv'", fileAccessOff],
    ['a path without a known extension is just an unknown table', "SELECT * FROM '/etc/passwd'", /Table with name \/etc\/passwd does not exist/],
    ['an http URL is refused', "SELECT * FROM read_csv('https://example.com/x.csv')", fileAccessOff],
    [
      'read_text called as a scalar function does not exist as one',
      "SELECT read_text('/etc/passwd')",
      /is a table function but it was used as a scalar function/,
    ],
    ['getenv() does not exist in the library build', "SELECT getenv('HOME')", /Scalar Function with name getenv does not exist/],
    // Writing files, other databases, extensions.
    ['COPY of a table to a file is refused', "COPY statCallEnd TO '<dir>/stolen.csv'", fileAccessOff],
    ['COPY of a query to a file is refused', "COPY (SELECT * FROM cltClients) TO '<dir>/stolen.parquet' (FORMAT parquet)", fileAccessOff],
    ['EXPORT DATABASE is refused', "EXPORT DATABASE '<dir>/export'", fileAccessOff],
    ['ATTACH of a database file is refused', "ATTACH '<dir>/evil.duckdb' AS evil", fileAccessOff],
    ['INSTALL of an extension is refused', 'INSTALL httpfs', fileAccessOff],
    ['LOAD of an extension not built in is refused', 'LOAD httpfs', fileAccessOff],
    ['LOAD of an extension file is refused', "LOAD '<dir>/evil.duckdb_extension'", fileAccessOff],
    ['CREATE SECRET is refused (no secret directory)', "CREATE SECRET s3 (TYPE s3, KEY_ID 'k', SECRET 's')", fileAccessOff],
    // The configuration is locked.
    ['SET memory_limit is locked', "SET memory_limit = '100GB'", locked],
    ['SET enable_external_access = true is locked', 'SET enable_external_access = true', locked],
    ['SET SESSION enable_external_access = true is locked', 'SET SESSION enable_external_access = true', locked],
    ['RESET enable_external_access is locked', 'RESET enable_external_access', locked],
    ['RESET lock_configuration is locked', 'RESET lock_configuration', locked],
    ['SET lock_configuration = false is locked', 'SET lock_configuration = false', locked],
    ['SET GLOBAL lock_configuration = false is locked', 'SET GLOBAL lock_configuration = false', locked],
    ['SET GLOBAL memory_limit is locked', "SET GLOBAL memory_limit = '100GB'", locked],
    ['PRAGMA memory_limit is locked', "PRAGMA memory_limit = '100GB'", locked],
    ['SET threads is locked', 'SET threads = 64', locked],
    ['SET allowed_directories is locked', "SET allowed_directories = ['/']", locked],
    ['SET allow_unsigned_extensions is locked', 'SET allow_unsigned_extensions = true', locked],
    ['SET temp_directory is locked', "SET temp_directory = '/'", locked],
    // The snapshot is read-only.
    ['INSERT into a snapshot table is refused', 'INSERT INTO statCallEnd SELECT * FROM statCallEnd LIMIT 1', readOnly],
    ['DELETE from a snapshot table is refused', 'DELETE FROM statCallEnd', readOnly],
    ['UPDATE of a snapshot table is refused', 'UPDATE statCallEnd SET cltId = 0', readOnly],
    ['CREATE TABLE in the snapshot is refused', 'CREATE TABLE evil (x INTEGER)', readOnly],
    ['CREATE TABLE snapshot.main.x is refused', 'CREATE TABLE snapshot.main.evil AS SELECT * FROM cltClients', readOnly],
    ['CREATE MACRO in the snapshot is refused', 'CREATE MACRO evil(x) AS x', readOnly],
    ['DROP TABLE of a snapshot table is refused', 'DROP TABLE statCallEnd', readOnly],
    ['ALTER TABLE of a snapshot table is refused', 'ALTER TABLE statCallEnd RENAME TO gone', readOnly],
  ] as const)('%s, and the sandbox stays healthy', async (_behaviour, template, message) => {
    const sql = template.replaceAll('<dir>', dir);
    const error = await attack(sandbox, sql, 'Attack');
    expect(error.location.formulaId).toBe('Attack');
    if (/^\s*SELECT/i.test(sql)) {
      expect(error.code).toBe('runtime_error');
      expect(error.message).toMatch(/^Attack failed while running: /);
      expect(error.message).toMatch(message);
    } else {
      // The sandbox runs SELECTs only (some statements DuckDB already refuses while preparing);
      // underneath, DuckDB's own locks refuse the statement too.
      if (error.code === 'runtime_error') expect(error.message).toMatch(message);
      else expect(error.message).toBe('Attack is not a SELECT statement and was not run');
      expect(['not_select', 'runtime_error']).toContain(error.code);
      await expect(sandbox.connection.run(sql)).rejects.toThrow();
    }
    await expectHealthy(sandbox);
  });

  it.each([
    ['a temporary macro that would redefine sum() for every later query', 'CREATE TEMP MACRO sum(x) AS 42'],
    ['USE, which would point later queries at another database', 'USE memory'],
    ['profiling switched on for every later query', 'PRAGMA enable_profiling'],
    ['two statements in one call', 'SELECT 1; SELECT 2'],
  ])('refuses %s, so later results cannot be corrupted', async (_behaviour, sql) => {
    const error = await attack(sandbox, sql, 'Attack');
    expect(['not_select', 'multiple_statements']).toContain(error.code);
    expect(await sandbox.query('SELECT sum(1) AS s', noParameters, 'check')).toEqual([{ s: '1' }]);
    await expectHealthy(sandbox);
  });

  it('no scalar function of this DuckDB reads files: file access is only through table functions', async () => {
    const reader = await sandbox.connection.runAndReadAll(
      "SELECT DISTINCT function_name FROM duckdb_functions() WHERE function_type = 'scalar' AND regexp_matches(function_name, '^read|glob|getenv|file|load|attach|shell|system') ORDER BY 1",
    );
    // parse_filename only cuts a path string; no scalar function opens one.
    expect(reader.getRows().map((row) => row[0])).toEqual(['parse_filename']);
  });

  it('a query running into the time limit stops only itself: a query beside it is answered meanwhile', async () => {
    const twoAtOnce = await openSnapshotSandbox(file, { ...shortLimits, timeoutMs: 1500, threads: 2 });
    try {
      const order: string[] = [];
      const runaway = attack(twoAtOnce, 'SELECT count(*) FROM range(1000000000) a, range(1000000000) b WHERE a.range + b.range = -1', 'RunsForever').then(
        (error) => {
          order.push('runaway stopped');
          return error;
        },
      );
      await expectHealthy(twoAtOnce);
      order.push('health check answered');
      expect((await runaway).code).toBe('timeout');
      expect(order).toEqual(['health check answered', 'runaway stopped']);
      await expectHealthy(twoAtOnce);
    } finally {
      twoAtOnce.close();
    }
  });

  it.each([
    ['a recursive CTE without end', 'WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t) SELECT count(*) FROM t'],
    ['a huge cross join of range()', 'SELECT count(*) FROM range(1000000000) a, range(1000000000) b WHERE a.range + b.range = -1'],
  ])('%s is stopped by the time limit, and the sandbox stays healthy', async (_behaviour, sql) => {
    const started = Date.now();
    const error = await attack(short, sql, 'RunsForever');
    expect(error.code).toBe('timeout');
    expect(error.message).toBe('RunsForever took longer than the 0.3 s limit and was stopped');
    expect(error.location.formulaId).toBe('RunsForever');
    expect(Date.now() - started).toBeLessThan(3000);
    await expectHealthy(short);
  });

  // list() and string_agg() build one value per group in memory: unlike ORDER BY, DISTINCT or a
  // hash join they cannot spill to the temporary directory, so they trip the limit at once.
  describe('under a 64MB memory limit', () => {
    let small: Sandbox;
    beforeAll(async () => {
      small = await openSnapshotSandbox(file, { timeoutMs: 5000, memoryLimit: '64MB', threads: 1 });
    });
    afterAll(() => small?.close());

    it.each([
      ['a list of 50 million numbers', 'SELECT length(list(x)) FROM range(50000000) t(x)'],
      ['a string_agg of 30 million numbers', "SELECT length(string_agg(x::VARCHAR, ',')) FROM range(30000000) t(x)"],
    ])('%s fails with memory_limit, and the sandbox stays healthy', async (_behaviour, sql) => {
      const error = await attack(small, sql, 'Greedy');
      expect(error.code).toBe('memory_limit');
      expect(error.message).toBe('Greedy needed more than the 64MB memory limit and was stopped');
      expect(error.location.formulaId).toBe('Greedy');
      await expectHealthy(small);
    });
  });

  it('after every attack the limits are unchanged and no file was written', async () => {
    const [settings] = await sandbox.query(
      "SELECT current_setting('enable_external_access') AS external, current_setting('lock_configuration') AS locked, current_setting('memory_limit') AS memory, current_setting('threads') AS threads",
      noParameters,
      'settings',
    );
    expect(settings).toEqual({ external: false, locked: true, memory: '244.1 MiB', threads: '1' });
    for (const name of ['stolen.csv', 'stolen.parquet', 'export', 'evil.duckdb']) expect(existsSync(out(name)), name).toBe(false);
  });
});
