/**
 * Shared fixtures: input rows that several formulas' tests load, defined once in
 * `formulas/fixtures/<name>.yaml` and named from a test (`rows: calls-of-three-clients`). A formula
 * file keeps only what is its own: parameters, expected values and why they are right.
 *
 * A fixture may declare variables (`vars: { kind: 1 }`) that its rows use as `$kind`, as a cell or
 * a table name, so the statistics of one family (a call kind, an interface, an agent type) share
 * one set of rows; a test sets them with `with: { kind: 9 }`.
 */
import { z } from 'zod';
import { EngineError } from '../errors.ts';
import { parseYamlFile } from '../yaml-file.ts';
import { partNameOf } from './part-name.ts';
import type { FixtureRows } from './definition.ts';

const identifier = z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'must be a name of letters, digits and _ starting with a letter');
const cellValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const varValue = z.union([z.string(), z.number(), z.boolean()]);
const varName = z.string().regex(/^[a-z][a-z0-9_]*$/, 'variable names are lower_snake_case');
const VAR_REFERENCE = /^\$([a-z][a-z0-9_]*)$/;

/** Fixture rows per IS table, as a formula test or a shared fixture writes them. */
export const fixtureRowsSchema = z.record(identifier, z.array(z.record(z.string(), cellValue)));

/** Values a test gives a shared fixture's variables. */
export const fixtureVarsSchema = z.record(varName, varValue);

/** A shared fixture's name is its file name: lower-case words joined by `-`. */
export const fixtureNameSchema = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'a shared fixture is named in lower-case words joined by -');

const fixtureFileSchema = z.strictObject({
  description: z.string().min(1),
  vars: fixtureVarsSchema.default({}),
  rows: z.record(z.union([identifier, z.string().regex(VAR_REFERENCE, 'is an IS table or a $variable')]), z.array(z.record(z.string(), cellValue))),
});

type VarValue = z.infer<typeof varValue>;

export interface SharedFixture {
  readonly kind: 'sharedFixture';
  readonly name: string;
  /** What the rows hold and which edge cases they plant. */
  readonly description: string;
  /** Each variable with the value it takes when a test does not set it. */
  readonly vars: Readonly<Record<string, VarValue>>;
  /** The rows as written, `$variable` cells and table names included. */
  readonly rows: FixtureRows;
  readonly file: string;
}

/**
 * Parses `formulas/fixtures/<name>.yaml`; the name comes from the file name.
 *
 * @example parseSharedFixture(text, 'formulas/fixtures/calls-of-three-clients.yaml').rows.statCallEnd
 */
export function parseSharedFixture(text: string, file: string): SharedFixture {
  const name = partNameOf(file, fixtureNameSchema, 'fixture');
  const { data, locate } = parseYamlFile(text, file, fixtureFileSchema);
  const used = new Set<string>();
  const use = (value: unknown, path: readonly (string | number)[]): void => {
    const variable = typeof value === 'string' ? VAR_REFERENCE.exec(value)?.[1] : undefined;
    if (variable === undefined) return;
    if (!(variable in data.vars))
      throw new EngineError('file_field', `${path.join('.')}: $${variable} is not declared under vars`, { file, ...locate(path), field: path.join('.') });
    used.add(variable);
  };
  for (const [table, rows] of Object.entries(data.rows)) {
    use(table, ['rows', table]);
    rows.forEach((row, i) => {
      for (const [column, value] of Object.entries(row)) use(value, ['rows', table, i, column]);
    });
  }
  const unused = Object.keys(data.vars).find((variable) => !used.has(variable));
  if (unused !== undefined)
    throw new EngineError('file_field', `vars.${unused}: no row uses $${unused}`, { file, ...locate(['vars', unused]), field: `vars.${unused}` });
  return { kind: 'sharedFixture', name, description: data.description, vars: data.vars, rows: data.rows, file };
}

/**
 * The fixture's rows with its variables set: `values` where given, else their defaults. A name
 * in `values` that the fixture does not declare is returned as `unknown`, for the caller to place.
 *
 * @example fixtureRows(calls, { kind: 9 }).rows.statCallEnd[0].Kind // 9
 */
export function fixtureRows(fixture: SharedFixture, values: Readonly<Record<string, VarValue>>): { rows: FixtureRows; unknown?: string } {
  const unknown = Object.keys(values).find((name) => !(name in fixture.vars));
  if (unknown !== undefined) return { rows: {}, unknown };
  const set = { ...fixture.vars, ...values };
  const valueOf = <T>(cell: T): T | VarValue => {
    const variable = typeof cell === 'string' ? VAR_REFERENCE.exec(cell)?.[1] : undefined;
    return variable !== undefined ? (set[variable] as VarValue) : cell;
  };
  const rows = Object.fromEntries(
    Object.entries(fixture.rows).map(([table, tableRows]) => [
      String(valueOf(table)),
      tableRows.map((row) => Object.fromEntries(Object.entries(row).map(([column, cell]) => [column, valueOf(cell)]))),
    ]),
  );
  return { rows };
}
