/** Errors of the command line that main.ts prints without loading the command that threw them. */
import type { EngineError } from '../../engine/errors.ts';

/** Several formula errors at once (a library that does not load), printed one per line. */
export class AggregateEngineErrors extends Error {
  constructor(readonly errors: readonly EngineError[]) {
    super(errors.map((error) => `${error.describe()} [${error.code}]`).join('\n'));
    this.name = 'AggregateEngineErrors';
  }
}
