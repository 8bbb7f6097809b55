/**
 * The report puts each client's statistics on that client's row, whether cltIDs are numbered
 * closely (looked up by position) or far apart (looked up by id), and leaves 0 where no value came.
 */
import { describe, expect, it } from 'vitest';
import { buildBe200Report } from '../../../engine/be200/report.ts';
import { loadLibrary } from '../../../engine/formulas/library.ts';
import { indexFormulas } from '../../../engine/formulas/references.ts';
import { openScratchSandbox } from '../../../engine/formulas/sandbox.ts';

const library = loadLibrary();
const index = indexFormulas(library.formulas);
const OCTOBER = { start: '2026-10-01', end: '2026-10-31' };

/** The report's ClientNumber, cltID and Email cells for clients with these cltIDs, each sending `emails[i]` emails. */
async function emailsByRow(cltIDs: readonly number[], emails: readonly number[]): Promise<string[][]> {
  const scratch = await openScratchSandbox();
  try {
    const clients = cltIDs.map((id, i) => `(${id}, ${2001 + i}, 'Client ${i}', 'BC${i}', false)`).join(', ');
    await scratch.connection.run(`INSERT INTO cltClients (cltID, ClientNumber, ClientName, BillingCode, Inactive) VALUES ${clients}`);
    for (const [i, id] of cltIDs.entries()) {
      for (let n = 0; n < (emails[i] ?? 0); n++) {
        await scratch.connection.run(
          `INSERT INTO statEmail (cltID, Timestamp, Error, Inbound) VALUES (${id}, TIMESTAMP '2026-10-0${1 + n} 10:00:00', NULL, false)`,
        );
      }
    }
    const report = await buildBe200Report({
      sandbox: scratch,
      snapshotKey: `report-rows-${cltIDs.join('-')}`,
      formulas: library.formulas,
      index,
      variant: 'legacy',
      params: OCTOBER,
      includeCltId: true,
    });
    const [number, email] = [report.header.indexOf('ClientNumber'), report.header.indexOf('Email')];
    return report.rows.map((row) => [row[number] as string, row[0] as string, row[email] as string]);
  } finally {
    scratch.close();
  }
}

describe('the Billing Export 200 rows', () => {
  it('holds each client value on its own row when cltIDs are close together', async () => {
    expect(await emailsByRow([3, 1, 2], [2, 0, 1])).toEqual([
      ['2001', '3', '2'],
      ['2002', '1', '0'],
      ['2003', '2', '1'],
    ]);
  });

  it('holds each client value on its own row when cltIDs are far apart', async () => {
    expect(await emailsByRow([9_000_000, 7, 123_456], [1, 3, 0])).toEqual([
      ['2001', '9000000', '1'],
      ['2002', '7', '3'],
      ['2003', '123456', '0'],
    ]);
  });
});
