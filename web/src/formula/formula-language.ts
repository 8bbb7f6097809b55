/**
 * The language of a formula file: YAML, with the `sql: |` block parsed as DuckDB SQL, so the SQL is
 * highlighted and completed as SQL — IS tables and columns (from GET /api/schema, with their
 * descriptions), other formulas as `formulas.<Id>`, and parameters as `$name`.
 */
import type { Completion, CompletionContext, CompletionResult } from '@codemirror/autocomplete';
import { keywordCompletionSource, schemaCompletionSource, type SQLNamespace } from '@codemirror/lang-sql';
import { yamlLanguage } from '@codemirror/lang-yaml';
import { LanguageSupport } from '@codemirror/language';
import { parseMixed } from '@lezer/common';
import type { FormulaSummary, SchemaInfo } from '../api/types.ts';
import { DuckDB } from './duckdb-dialect.ts';

const sqlParser = DuckDB.language.parser;

/** YAML whose block scalar under the `sql` key is SQL. */
const formulaFileLanguage = yamlLanguage.configure({
  wrap: parseMixed((node, input) => {
    if (node.name !== 'BlockLiteralContent') return null;
    const key = node.node.parent?.parent?.getChild('Key');
    return key && input.read(key.from, key.to).trim() === 'sql' ? { parser: sqlParser } : null;
  }),
});

export function schemaNamespace(schema: SchemaInfo, formulas: readonly FormulaSummary[]): SQLNamespace {
  const namespace: Record<string, SQLNamespace> = {};
  for (const table of schema.tables) {
    namespace[table.name] = {
      self: { label: table.name, type: 'type', detail: 'IS table', info: table.description },
      children: table.columns.map((column) => ({ label: column.name, type: 'property', detail: column.type, info: column.description })),
    };
  }
  namespace.formulas = {
    self: { label: 'formulas', type: 'namespace', detail: 'other formulas', info: 'Another formula of the library, as a table (cltID, value): formulas.<Id>' },
    children: Object.fromEntries(
      formulas.map((formula) => [
        formula.id,
        {
          self: { label: formula.id, type: 'type', detail: `${formula.variant} · ${formula.unit}`, info: formula.title },
          children: ['cltID', 'value'],
        } satisfies SQLNamespace,
      ]),
    ),
  };
  return namespace;
}

/** `$start`, `$end`… after a `$`. */
function parameterCompletion(params: readonly Completion[]) {
  return (context: CompletionContext): CompletionResult | null => {
    const word = context.matchBefore(/\$\w*/);
    if (!word || (word.from === word.to && !context.explicit)) return null;
    return { from: word.from, options: params, validFor: /^\$\w*$/ };
  };
}

export function formulaFile(schema: SchemaInfo, formulas: readonly FormulaSummary[]): LanguageSupport {
  const params = schema.params.map((param) => ({ label: `$${param.name}`, type: 'variable', detail: param.type, info: param.description }));
  return new LanguageSupport(formulaFileLanguage, [
    DuckDB.language.data.of({ autocomplete: schemaCompletionSource({ dialect: DuckDB, schema: schemaNamespace(schema, formulas) }) }),
    DuckDB.language.data.of({ autocomplete: keywordCompletionSource(DuckDB, true) }),
    DuckDB.language.data.of({ autocomplete: parameterCompletion(params) }),
  ]);
}

/** SQL alone (read-only views). */
export const duckdbSql = new LanguageSupport(DuckDB.language);
