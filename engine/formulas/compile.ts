/**
 * Compiles a formula into the SQL the engine runs: references to other formulas become CTEs
 * (`"formulas.<Id>"`) holding their compiled queries, and the formula's own query is wrapped so its
 * result is exactly (cltID, value). One method, returning `{ sql, parameters }`.
 */
import { createHash } from 'node:crypto';
import type { Formula, ParamDef } from './definition.ts';
import { standardParams } from './definition.ts';
import { dependencyOrder, findReferences, type FormulaIndex } from './references.ts';
import { findParameters } from './sql-analysis.ts';

export interface CompiledFormula {
  readonly formulaId: string;
  readonly sql: string;
  /** The parameters the compiled SQL binds, with their definitions (standard or declared). */
  readonly parameters: readonly ParamDef[];
  /** Hash of the formula and everything it depends on: a cache key part. */
  readonly contentHash: string;
}

/**
 * @example compileFormula(index.get('nonlivetalktime'), index).sql
 *   // WITH "formulas.SecTalkTime" AS (...) SELECT cltID, value FROM (...user SQL...) AS formula
 */
export function compileFormula(formula: Formula, index: FormulaIndex): CompiledFormula {
  // A formula never changes once made, and its compiled form depends only on it and the formulas it
  // uses: kept per formula, it serves every index that holds the same dependencies (an edit makes a
  // new index, and the other 263 formulas of a report compile as before).
  const known = compiledOnce.get(formula);
  if (known?.dependencies.every((dependency) => index.get(dependency.id.toLowerCase()) === dependency)) return known.compiled;
  const dependencies = dependencyOrder(formula, index);
  const compiled = compile(formula, index, dependencies);
  compiledOnce.set(formula, { compiled, dependencies });
  return compiled;
}

const compiledOnce = new WeakMap<Formula, { readonly compiled: CompiledFormula; readonly dependencies: readonly Formula[] }>();

function compile(formula: Formula, index: FormulaIndex, dependencies: readonly Formula[]): CompiledFormula {
  const ctes = dependencies.map((dependency) => `${cteName(dependency.id)} AS (\n${inlineReferences(withoutTrailingSemicolon(dependency.sql), index)}\n)`);
  const body = `SELECT cltID, value FROM (\n${inlineReferences(withoutTrailingSemicolon(formula.sql), index)}\n) AS formula`;
  const sql = ctes.length > 0 ? `WITH ${ctes.join(',\n')}\n${body}` : body;
  const declared = new Map<string, ParamDef>();
  for (const param of [...standardParams, ...dependencies.flatMap((d) => d.params), ...formula.params]) declared.set(param.name, param);
  const used = new Set(findParameters(sql).map((parameter) => parameter.name));
  return {
    formulaId: formula.id,
    sql,
    parameters: [...declared.values()].filter((param) => used.has(param.name)),
    contentHash: hashFormulas([formula, ...dependencies]),
  };
}

/** A formula may end with `;` as SQL often does; it cannot stay inside a subquery. */
export function withoutTrailingSemicolon(sql: string): string {
  return sql.replace(/;\s*$/, '');
}

function cteName(id: string): string {
  return `"formulas.${id}"`;
}

/** Replaces each `formulas.<Id>` with the CTE that holds that formula's result. */
function inlineReferences(sql: string, index: FormulaIndex): string {
  let out = '';
  let last = 0;
  for (const reference of findReferences(sql)) {
    const target = index.get(reference.id.toLowerCase());
    out += sql.slice(last, reference.offset) + cteName(target?.id ?? reference.id);
    last = reference.offset + reference.length;
  }
  return out + sql.slice(last);
}

/** Content hash of formulas: what they compute (SQL and parameters), not how they are described. */
export function hashFormulas(formulas: readonly Formula[]): string {
  const hash = createHash('sha256');
  for (const formula of formulas) hash.update(JSON.stringify([formula.id, formula.sql, formula.params]));
  return hash.digest('hex').slice(0, 32);
}
