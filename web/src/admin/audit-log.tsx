/** The audit log, newest first, a page at a time: "Load older entries" fetches the page before the last one shown. */
import { createEffect, createSignal, For, Match, on, onMount, Show, Switch } from 'solid-js';
import { asProblem, type Problem } from '../api/client.ts';
import { HeaderRow } from '../ui/header-row.tsx';
import { ProblemMessage } from '../ui/problem-message.tsx';
import { Empty, Loading } from '../ui/states.tsx';
import { auditDetailText } from './audit-detail.ts';
import type { AuditEntry } from '../api/types.ts';
import { listAudit } from './admin-api.ts';

export const AUDIT_PAGE = 50;

export function AuditLog(props: { refreshes: number }) {
  const [entries, setEntries] = createSignal<readonly AuditEntry[] | null>(null);
  const [more, setMore] = createSignal(false);
  const [loading, setLoading] = createSignal(false);
  const [problem, setProblem] = createSignal<Problem | null>(null);

  /** Loads the first page again (fresh), or the page older than the last entry shown. */
  const load = async (older: boolean) => {
    setLoading(true);
    setProblem(null);
    try {
      const before = older ? entries()?.at(-1)?.seq : undefined;
      const page = await listAudit(AUDIT_PAGE, before);
      setEntries([...(older ? (entries() ?? []) : []), ...page]);
      setMore(page.length === AUDIT_PAGE);
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      setLoading(false);
    }
  };
  onMount(() => void load(false));
  // A change made in this view (a user added or changed) is audited: show it.
  createEffect(
    on(
      () => props.refreshes,
      () => void load(false),
      { defer: true },
    ),
  );

  return (
    <section class="admin-section" aria-labelledby="admin-audit-title">
      <div class="section-head">
        <h2 id="admin-audit-title">Audit log</h2>
        <button type="button" onClick={() => void load(false)} disabled={loading()}>
          Refresh
        </button>
      </div>
      <Show when={problem()}>
        {(found) => <ProblemMessage title="The audit log could not be read" problem={found()} onRetry={() => void load(entries() !== null)} />}
      </Show>
      <Switch>
        <Match when={entries() === null && loading()}>
          <Loading label="Reading the audit log…" />
        </Match>
        <Match when={entries()?.length === 0}>
          <Empty title="The audit log is empty." />
        </Match>
        <Match when={entries()}>
          {(list) => (
            <>
              <table class="data-table audit-table" aria-label="Audit log">
                <HeaderRow columns={['When', 'Who', 'Action', 'Target', 'Detail', 'Reason']} />
                <tbody>
                  <For each={list()}>
                    {(entry) => (
                      <tr data-seq={entry.seq}>
                        <td>{entry.at.replace('T', ' ').slice(0, 19)}</td>
                        <td>{entry.actor}</td>
                        <td>
                          <code>{entry.action}</code>
                        </td>
                        <td>{entry.target}</td>
                        <td class="audit-detail" title={auditDetailText(entry.detail)}>
                          {auditDetailText(entry.detail)}
                        </td>
                        <td>{entry.reason ?? ''}</td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
              <div class="audit-more">
                <Show when={more()} fallback={<span class="muted">{list().length} entries · the beginning of the log.</span>}>
                  <button type="button" onClick={() => void load(true)} disabled={loading()}>
                    {loading() ? 'Loading…' : 'Load older entries'}
                  </button>
                </Show>
              </div>
            </>
          )}
        </Match>
      </Switch>
    </section>
  );
}
