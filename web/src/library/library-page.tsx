/**
 * One followed library: where it comes from and its pin, what changed upstream (SQL, fixtures,
 * results on a snapshot, money with a setup) with moving the pin and adopting formulas as drafts,
 * the consensus of its variants, and publishing to it as local branches (nothing is pushed).
 */
import { createEffect, createMemo, createResource, createSignal, For, Show } from 'solid-js';
import { libraryPath } from '../shell/paths.ts';
import { followLink, hrefOf } from '../shell/route.ts';
import { SnapshotPicker } from '../shell/snapshot-picker.tsx';
import { can } from '../session/session.ts';
import { InlineField } from '../ui/field.tsx';
import { Loaded } from '../ui/states.tsx';
import { ConsensusSection } from './consensus-table.tsx';
import { approvedSetupNames, listFollowed, listSnapshots, shortCommit } from './followed-api.ts';
import { PublishSection } from './publish-forms.tsx';
import { UpstreamChanges } from './upstream-changes.tsx';

export function LibraryPage(props: { name: string }) {
  const [libraries, { refetch }] = createResource(listFollowed);
  const library = createMemo(() => libraries.latest?.find((found) => found.name === props.name));
  const [snapshots] = createResource(listSnapshots);
  const [setups] = createResource(approvedSetupNames);
  const [snapshot, setSnapshot] = createSignal('');
  const [setup, setSetup] = createSignal('');
  createEffect(() => {
    const list = snapshots();
    if (list && !list.some((s) => s.id === snapshot())) setSnapshot(list[0]?.id ?? '');
  });
  // The pin moved: the library is read again, and with its new commit the consensus too.
  const pinMoved = () => void refetch();

  return (
    <>
      <p class="library-crumbs">
        <a href={hrefOf(libraryPath())} onClick={(event) => followLink(event, libraryPath())}>
          Followed libraries
        </a>{' '}
        › {props.name}
      </p>
      <Loaded resource={libraries} loading="Reading the library…" problem="The library could not be read" onRetry={() => void refetch()} keepWhileLoading>
        {() => (
          <Show when={library()} fallback={<p class="library-section">The workspace follows no library {props.name}.</p>}>
            {(found) => (
              <>
                <section class="library-section library-head" aria-label={`Library ${found().name}`}>
                  <h2>{found().name}</h2>
                  <dl class="library-facts">
                    <dt>URL or folder</dt>
                    <dd>
                      <code>{found().url}</code>
                    </dd>
                    <dt>Pinned commit</dt>
                    <dd>
                      <code class="library-pin" title={found().commit}>
                        {shortCommit(found().commit)}
                      </code>{' '}
                      <span class="muted">since {found().updatedAt.slice(0, 16).replace('T', ' ')}</span>
                    </dd>
                    <dt>Packages</dt>
                    <dd>
                      <For each={found().packages} fallback="none">
                        {(pkg) => (
                          <span class="library-package">
                            {pkg.name} <strong>{pkg.version}</strong>
                          </span>
                        )}
                      </For>
                    </dd>
                  </dl>
                  <form class="view-toolbar library-compare-on" onSubmit={(event) => event.preventDefault()}>
                    <Show when={(snapshots() ?? []).length > 0} fallback={<span class="muted">No snapshot yet: results cannot be compared.</span>}>
                      <SnapshotPicker snapshots={snapshots() ?? []} value={snapshot()} onChange={setSnapshot} />
                    </Show>
                    <InlineField label="Price with setup">
                      <select aria-label="Price with setup" value={setup()} onChange={(e) => setSetup(e.currentTarget.value)}>
                        <option value="">none (results only)</option>
                        <For each={setups() ?? []}>{(name) => <option value={name}>{name}</option>}</For>
                      </select>
                    </InlineField>
                  </form>
                </section>
                <UpstreamChanges library={found()} snapshot={snapshot()} setup={setup()} onPinMoved={pinMoved} />
                <ConsensusSection name={found().name} snapshot={snapshot()} pinned={`${found().commit}`} />
                <Show when={can('editor')}>
                  <PublishSection library={found()} />
                </Show>
              </>
            )}
          </Show>
        )}
      </Loaded>
    </>
  );
}
