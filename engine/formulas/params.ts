/**
 * Parameter values: checked against their declared type and turned into exact DuckDB values for
 * binding. A value that does not fit its type is an error naming the parameter.
 */
import { BIGINT, BOOLEAN, DECIMAL, DuckDBDecimalValue, DuckDBTimestampValue, TIMESTAMP, VARCHAR, type DuckDBType, type DuckDBValue } from '@duckdb/node-api';
import { EngineError } from '../errors.ts';
import type { ParamDef, ParamValue } from './definition.ts';

export interface BoundParameters {
  readonly values: Record<string, DuckDBValue>;
  readonly types: Record<string, DuckDBType>;
}

/**
 * Binds the parameters a compiled formula uses: the given value, else the declared default.
 *
 * @example bindParameters(compiled.parameters, { start: '2026-10-01', end: '2026-10-31 23:59:59.997' })
 */
export function bindParameters(parameters: readonly ParamDef[], given: Readonly<Record<string, ParamValue>>, formulaId?: string): BoundParameters {
  const values: Record<string, DuckDBValue> = {};
  const types: Record<string, DuckDBType> = {};
  for (const param of parameters) {
    const raw = given[param.name] ?? param.default;
    const [value, type] = toDuckDb(param, raw, formulaId);
    values[param.name] = value;
    types[param.name] = type;
  }
  return { values, types };
}

const DECIMAL_SCALE = 6;

function toDuckDb(param: ParamDef, raw: ParamValue, formulaId: string | undefined): [DuckDBValue, DuckDBType] {
  const fail = (expected: string): never => {
    throw new EngineError('bad_param_value', `parameter ${param.name} must be ${expected}, not ${JSON.stringify(raw)}`, {
      ...(formulaId ? { formulaId } : {}),
      field: `params.${param.name}`,
    });
  };
  const text = String(raw).trim();
  switch (param.type) {
    case 'timestamp': {
      const match = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?))?$/.exec(text);
      const ms = match ? Date.parse(`${match[1]}T${match[2] ?? '00:00'}Z`) : NaN;
      if (!match || Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== match[1]) return fail('a timestamp YYYY-MM-DD[ HH:MM[:SS[.mmm]]]');
      const fraction = /\.(\d+)$/.exec(match[2] ?? '')?.[1] ?? '';
      const micros = BigInt(Math.floor(ms / 1000)) * 1_000_000n + BigInt(fraction.padEnd(6, '0').slice(0, 6) || '0');
      return [new DuckDBTimestampValue(micros), TIMESTAMP];
    }
    case 'integer':
      if (!/^-?\d+$/.test(text)) return fail('a whole number');
      return [BigInt(text), BIGINT];
    case 'decimal': {
      const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
      if (!match || (match[3]?.length ?? 0) > DECIMAL_SCALE) return fail(`a number with at most ${DECIMAL_SCALE} decimals`);
      const scaled = BigInt(`${match[1]}${match[2]}${(match[3] ?? '').padEnd(DECIMAL_SCALE, '0')}`);
      return [new DuckDBDecimalValue(scaled, 38, DECIMAL_SCALE), DECIMAL(38, DECIMAL_SCALE)];
    }
    case 'boolean':
      if (!['true', 'false', '1', '0'].includes(text.toLowerCase())) return fail('true or false');
      return [text === 'true' || text === '1', BOOLEAN];
    case 'text':
      return [String(raw), VARCHAR];
  }
}
