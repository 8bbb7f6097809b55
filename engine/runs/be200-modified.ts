/**
 * The Billing Export 200 file with statistic modifiers applied: each statistic column that a
 * modifier targets takes the client's modified value (as invoicing software would bill it); every
 * other column is the report's own.
 */
import type { Report } from '../be200/report.ts';
import { applyModifiers } from '../rating/modifiers.ts';
import { exact } from '../rating/money.ts';
import type { ClientInfo, Modifier } from '../rating/model.ts';

export function applyModifiersToReport(report: Report, clients: readonly ClientInfo[], modifiers: readonly Modifier[]): Report {
  const byNumber = new Map(clients.map((client) => [client.clientNumber, client]));
  const numberColumn = report.header.indexOf('ClientNumber');
  const targeted = new Set(modifiers.map((modifier) => modifier.statistic));
  const columns = report.header.map((name, i) => ({ name, i })).filter(({ name }) => targeted.has(name));
  if (columns.length === 0) return report;
  const rows = report.rows.map((row) => {
    const client = byNumber.get(row[numberColumn] as string);
    if (!client) return row;
    const valueOf = (statistic: string) => exact(row[report.header.indexOf(statistic)] ?? '0');
    const next = [...row];
    for (const { name, i } of columns)
      next[i] = applyModifiers(exact(row[i] as string), name, client, modifiers, (statistic) => valueOf(statistic)).value.toFixed();
    return next;
  });
  return { header: report.header, rows };
}
