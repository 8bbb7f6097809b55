/** What the community library's CLI tests share: a formula's values as `billing formula run` prints them. */
import { billing } from '../../support/cli.ts';

/**
 * Each client's value of a formula (an id or a file) on a snapshot of workspace `ws`, by ClientNumber.
 * @example (await formulaValues(ws, 'AnsweredCalls', snapshot)).get('1001') // 4
 */
export async function formulaValues(ws: string, target: string, snapshot: string): Promise<Map<string, number>> {
  const run = await billing(['formula', 'run', target, '--snapshot', snapshot, '--workspace', ws]);
  if (run.status !== 0) throw new Error(`billing formula run ${target} failed: ${run.stderr}`);
  const rows = run.stdout.trim().split('\n').slice(1);
  return new Map(rows.map((line) => [line.split('\t')[0] as string, Number(line.split('\t')[2])]));
}

/** The sum of the values (small counts in these tests: exact as numbers). */
export const totalOf = (values: ReadonlyMap<string, number>): number => [...values.values()].reduce((a, b) => a + b, 0);
