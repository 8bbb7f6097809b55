/** The community libraries the workspace follows (name, where from, pin, packages), and following another (editors). */
import { createResource, createSignal, For, Show } from 'solid-js';
import { libraryPath } from '../shell/paths.ts';
import { followLink, hrefOf, navigate } from '../shell/route.ts';
import { can } from '../session/session.ts';
import { createAction } from '../ui/action.ts';
import { ProblemMessage } from '../ui/problem-message.tsx';
import { Loaded } from '../ui/states.tsx';
import { followLibrary, listFollowed, shortCommit } from './followed-api.ts';

export function FollowedLibraries() {
  const [libraries, { refetch }] = createResource(listFollowed);
  return (
    <>
      <section class="library-section" aria-labelledby="followed-title">
        <h2 id="followed-title">Followed libraries</h2>
        <p class="muted">
          Community libraries are git repositories of formula packages. The workspace follows each at a pinned commit; open one to see what changed upstream,
          adopt formulas as drafts, compare variants and publish.
        </p>
        <Loaded
          resource={libraries}
          loading="Listing the followed libraries…"
          problem="The followed libraries could not be listed"
          onRetry={() => void refetch()}
          empty="The workspace follows no library yet."
          keepWhileLoading
        >
          {(list) => (
            <table class="library-table" aria-label="Followed libraries">
              <thead>
                <tr>
                  <th scope="col">Library</th>
                  <th scope="col">URL or folder</th>
                  <th scope="col">Pinned commit</th>
                  <th scope="col">Packages</th>
                  <th scope="col">Updated</th>
                </tr>
              </thead>
              <tbody>
                <For each={list()}>
                  {(library) => (
                    <tr data-library={library.name}>
                      <td>
                        <a href={hrefOf(libraryPath(library.name))} onClick={(event) => followLink(event, libraryPath(library.name))}>
                          {library.name}
                        </a>
                      </td>
                      <td class="library-url">
                        <code>{library.url}</code>
                      </td>
                      <td>
                        <code title={library.commit}>{shortCommit(library.commit)}</code>
                      </td>
                      <td>{library.packages.map((pkg) => `${pkg.name} ${pkg.version}`).join(', ') || '—'}</td>
                      <td>{library.updatedAt.slice(0, 16).replace('T', ' ')}</td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          )}
        </Loaded>
      </section>
      <Show when={can('editor')} fallback={<p class="muted library-section">Following a library needs the editor role.</p>}>
        <FollowForm onFollowed={() => void refetch()} />
      </Show>
    </>
  );
}

function FollowForm(props: { onFollowed: () => void }) {
  const [name, setName] = createSignal('');
  const [url, setUrl] = createSignal('');
  const action = createAction();
  const follow = async () => {
    const followed = await action.run(() => followLibrary(name().trim(), url().trim()));
    if (!followed) return;
    props.onFollowed();
    navigate(libraryPath(followed.name));
  };
  return (
    <section class="library-section" aria-labelledby="follow-title">
      <h2 id="follow-title">Follow a library</h2>
      <form
        class="follow-form"
        onSubmit={(event) => {
          event.preventDefault();
          void follow();
        }}
      >
        <label>
          <span>Name</span>
          <input value={name()} onInput={(e) => setName(e.currentTarget.value)} placeholder="community" required pattern="[a-z0-9]+(-[a-z0-9]+)*" />
        </label>
        <label class="follow-url">
          <span>Git URL or folder</span>
          <input value={url()} onInput={(e) => setUrl(e.currentTarget.value)} placeholder="https://example.org/formulas.git" required />
        </label>
        <button type="submit" class="primary" disabled={action.busy()}>
          Follow
        </button>
        <span class="view-status" role="status">
          {action.busy() ? 'Cloning the library…' : ''}
        </span>
      </form>
      <p class="muted">git runs with prompts off: a library that needs a password uses git's own credential helper on the server; the workbench stores none.</p>
      <Show when={action.problem()}>{(found) => <ProblemMessage title="The library could not be followed" problem={found()} />}</Show>
    </section>
  );
}
