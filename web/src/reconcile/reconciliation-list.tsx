/**
 * The kept reconciliations per period, newest first: the file and who uploaded it, the snapshot and
 * release compared with, and where each stands now (open differences, explained, accepted — those
 * carried over from an earlier reconciliation of the period counted apart). Each opens at its address.
 */
import { For } from 'solid-js';
import { reconcilePath } from '../shell/paths.ts';
import { HeaderRow } from '../ui/header-row.tsx';
import type { ReconciliationListItem } from './reconcile-api.ts';

const STATUS = { open: 'open differences', accepted: 'accepted', explained: 'explained', reconciled: 'reconciled' } as const;

/** "2026-10-01 00:00:00.000..2026-10-31 23:59:59.997" → "2026-10-01 – 2026-10-31". */
const periodText = (period: string) =>
  period
    .split('..')
    .map((stamp) => stamp.slice(0, 10))
    .join(' – ');

export function ReconciliationList(props: { items: readonly ReconciliationListItem[] }) {
  const periods = () => [...new Set(props.items.map((item) => item.record.period))];
  return (
    <section class="reconciliation-list" aria-label="Reconciliations">
      <For each={periods()}>
        {(period) => (
          <>
            <h3>Period {periodText(period)}</h3>
            <table class="data-table" aria-label={`Reconciliations of ${periodText(period)}`}>
              <HeaderRow columns={['Reconciliation', 'Legacy file', 'Uploaded', 'Snapshot', 'Release', 'Status', 'Open#', 'Explained#', 'Accepted#']} />
              <tbody>
                <For each={props.items.filter((item) => item.record.period === period)}>
                  {(item) => (
                    <tr data-id={item.record.id} data-status={item.status}>
                      <th scope="row">
                        <a href={`#${reconcilePath(item.record.id)}`}>{item.record.id}</a>
                      </th>
                      <td>{item.record.file.name}</td>
                      <td>
                        {item.record.file.uploadedBy}, {item.record.file.uploadedAt.replace('T', ' ').slice(0, 16)}
                      </td>
                      <td>{item.record.snapshot.id}</td>
                      <td title={`sha256 ${item.record.release.contentHash}`}>{item.record.release.name}</td>
                      <td class={`status status-${item.status}`}>{STATUS[item.status]}</td>
                      <td
                        class="num open-count"
                        title={`${item.counts.unexplained} unexplained mismatches, ${item.counts.columns} columns not mapped or accepted`}
                      >
                        {item.counts.open}
                      </td>
                      <td class="num explained-count">{item.counts.explained}</td>
                      <td class="num accepted-count">
                        {item.counts.accepted}
                        {item.counts.carriedOver > 0 ? ` (${item.counts.carriedOver} carried over)` : ''}
                      </td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </>
        )}
      </For>
    </section>
  );
}
