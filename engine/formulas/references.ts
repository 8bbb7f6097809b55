/**
 * Formulas that use other formulas' results (`formulas.<Id>` in their SQL): finding the
 * references, the dependency graph, evaluation order, and cycles, which are errors naming the loop.
 */
import { EngineError } from '../errors.ts';
import type { Formula } from './definition.ts';

/** Schema name under which a formula's SQL sees other formulas: `FROM formulas.SelSecDuration`. */
export const FORMULA_SCHEMA = 'formulas';

export interface Reference {
  readonly id: string;
  /** 0-based offsets of `formulas.<Id>` in the SQL and its length. */
  readonly offset: number;
  readonly length: number;
}

const referencePattern = /\bformulas\s*\.\s*(?:"([^"]+)"|([A-Za-z_][A-Za-z0-9_]*))/gi;

/**
 * References to other formulas in the SQL text, outside comments and strings.
 *
 * @example findReferences('SELECT * FROM formulas.SecCalls') // [{ id: 'SecCalls', offset: 14, length: 17 }]
 */
export function findReferences(sql: string): Reference[] {
  const code = blankOutCommentsAndStrings(sql);
  return [...code.matchAll(referencePattern)].map((match) => ({
    id: (match[1] ?? match[2]) as string,
    offset: match.index,
    length: match[0].length,
  }));
}

/** The SQL with comments and string literals replaced by spaces, offsets unchanged. */
function blankOutCommentsAndStrings(sql: string): string {
  return sql.replace(/--[^\n]*|\/\*[\s\S]*?\*\/|'(?:[^']|'')*'/g, (text) => text.replace(/[^\n]/g, ' '));
}

export type FormulaIndex = ReadonlyMap<string, Formula>;

/** Formulas by lower-cased id; a duplicate id is an error naming both. */
export function indexFormulas(formulas: readonly Formula[]): FormulaIndex {
  const index = new Map<string, Formula>();
  for (const formula of formulas) {
    const key = formula.id.toLowerCase();
    const existing = index.get(key);
    if (existing) {
      throw new EngineError('duplicate_formula', `formula id ${formula.id} is defined twice (also in ${existing.source?.file ?? existing.id})`, {
        formulaId: formula.id,
        ...(formula.source ? { file: formula.source.file } : {}),
      });
    }
    index.set(key, formula);
  }
  return index;
}

/** The formulas this one uses directly, in order of first use. */
export function directDependencies(formula: Formula, index: FormulaIndex): Formula[] {
  const seen = new Map<string, Formula>();
  for (const reference of findReferences(formula.sql)) {
    const target = index.get(reference.id.toLowerCase());
    if (!target) {
      throw new EngineError('unknown_formula', `formulas.${reference.id} is not a formula of the library`, { formulaId: formula.id });
    }
    seen.set(target.id, target);
  }
  return [...seen.values()];
}

/**
 * Every formula this one depends on, dependencies first (a topological order). A cycle is an
 * error naming the loop, e.g. `A -> B -> A`.
 */
export function dependencyOrder(formula: Formula, index: FormulaIndex): Formula[] {
  const order: Formula[] = [];
  const done = new Set<string>();
  const visit = (current: Formula, path: readonly string[]): void => {
    if (done.has(current.id)) return;
    if (path.includes(current.id)) {
      const loop = [...path.slice(path.indexOf(current.id)), current.id].join(' -> ');
      throw new EngineError('reference_cycle', `formulas refer to each other in a loop: ${loop}`, { formulaId: current.id });
    }
    for (const dependency of directDependencies(current, index)) visit(dependency, [...path, current.id]);
    done.add(current.id);
    order.push(current);
  };
  visit(formula, []);
  return order.slice(0, -1);
}

/** For each formula, the formulas that use it directly or indirectly. */
export function dependents(index: FormulaIndex): Map<string, Set<string>> {
  const users = new Map<string, Set<string>>();
  for (const formula of index.values()) {
    for (const dependency of dependencyOrder(formula, index)) {
      const set = users.get(dependency.id) ?? new Set<string>();
      set.add(formula.id);
      users.set(dependency.id, set);
    }
  }
  return users;
}
