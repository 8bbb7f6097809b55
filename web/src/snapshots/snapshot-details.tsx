/** A snapshot's manifest in full: where it came from, the period, its content hash, and rows and checksums per table. */
import { createResource, For, Show } from 'solid-js';
import { periodOf } from '../shell/snapshot-picker.tsx';
import { HeaderRow } from '../ui/header-row.tsx';
import { Loaded } from '../ui/states.tsx';
import type { SnapshotManifest } from '../api/types.ts';
import { snapshotDetail } from './snapshots-api.ts';

export const sourceText = (source: SnapshotManifest['source']): string =>
  source.kind === 'demo' ? `demo, ${source.scale}, seed ${source.seed} (${source.generator})` : `${source.kind} ${source.server} / ${source.database}`;

export function SnapshotDetails(props: { id: string }) {
  const [detail, { refetch }] = createResource(() => props.id, snapshotDetail);
  return (
    <Loaded resource={detail} loading="Reading the manifest…" problem="The snapshot could not be read" onRetry={() => void refetch()}>
      {(found) => (
        <div class="snapshot-details">
          <dl class="facts">
            <dt>Source</dt>
            <dd class="detail-source">{sourceText(found().source)}</dd>
            <dt>Period</dt>
            <dd>
              {found().period.start} – {found().period.end}
            </dd>
            <dt>Clients</dt>
            <dd>{found().clients ? `${found().clients?.from} – ${found().clients?.to}` : 'all'}</dd>
            <dt>Created</dt>
            <dd>
              {found().createdAt.replace('T', ' ').slice(0, 19)} in {(found().elapsedMs / 1000).toFixed(1)} s
            </dd>
            <dt>Content hash</dt>
            <dd>
              <code class="content-hash">{found().contentHash}</code>
            </dd>
          </dl>
          <table class="data-table snapshot-tables" aria-label={`Tables of ${found().id} (${periodOf(found())})`}>
            <HeaderRow columns={['Table', 'Rows#', 'Checksum']} />
            <tbody>
              <For each={Object.entries(found().tables).sort(([a], [b]) => a.localeCompare(b))}>
                {([name, table]) => (
                  <tr data-table={name}>
                    <th scope="row">{name}</th>
                    <td class="num">{table.rows.toLocaleString('en-US')}</td>
                    <td>
                      <code>{table.checksum}</code>
                    </td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
          <Show when={(found().warnings ?? []).length > 0}>
            <div>
              <h4>Schema warnings</h4>
              <ul class="snapshot-warnings">
                <For each={found().warnings}>{(warning) => <li>{warning}</li>}</For>
              </ul>
            </div>
          </Show>
          <Show when={Object.keys(found().edgeCases ?? {}).length > 0}>
            <div>
              <h4>Demo edge cases</h4>
              <ul class="snapshot-edge-cases">
                <For each={Object.entries(found().edgeCases ?? {})}>
                  {([name, count]) => (
                    <li>
                      {name}: {count}
                    </li>
                  )}
                </For>
              </ul>
            </div>
          </Show>
        </div>
      )}
    </Loaded>
  );
}
