/**
 * The formula library, in two tabs: the community libraries the workspace follows (each with what
 * changed upstream, the consensus of variants and publishing), and formula packages (export the
 * active release's formulas; import one as drafts after seeing its diff).
 */
import { createMemo, Match, Show, Switch } from 'solid-js';
import { can } from '../session/session.ts';
import { LIBRARY_PACKAGES_PATH, libraryOfRoute, libraryPath } from '../shell/paths.ts';
import { followLink, hrefOf, route } from '../shell/route.ts';
import { ExportPackage } from './export-package.tsx';
import { FollowedLibraries } from './followed-libraries.tsx';
import { ImportPackage } from './import-package.tsx';
import { LibraryPage } from './library-page.tsx';
import './library.css';

export function LibraryView() {
  const address = createMemo(() => libraryOfRoute(route()));
  const opened = () => {
    const current = address();
    return current.page === 'library' ? current.name : undefined;
  };
  return (
    <main class="view library" aria-label="Library">
      <nav class="library-tabs" aria-label="Library pages">
        <a href={hrefOf(libraryPath())} onClick={(event) => followLink(event, libraryPath())} aria-current={address().page !== 'packages' ? 'page' : undefined}>
          Followed libraries
        </a>
        <a
          href={hrefOf(LIBRARY_PACKAGES_PATH)}
          onClick={(event) => followLink(event, LIBRARY_PACKAGES_PATH)}
          aria-current={address().page === 'packages' ? 'page' : undefined}
        >
          Packages
        </a>
      </nav>
      <Switch>
        <Match when={address().page === 'packages'}>
          <ExportPackage />
          <Show when={can('editor')} fallback={<p class="muted library-section">Importing a package needs the editor role.</p>}>
            <ImportPackage />
          </Show>
        </Match>
        <Match when={opened()}>{(name) => <LibraryPage name={name()} />}</Match>
        <Match when={true}>
          <FollowedLibraries />
        </Match>
      </Switch>
    </main>
  );
}
