/** The formula library: export the active release's formulas as a package; import one as drafts after seeing its diff. */
import { Show } from 'solid-js';
import { can } from '../session/session.ts';
import { ExportPackage } from './export-package.tsx';
import { ImportPackage } from './import-package.tsx';
import './library.css';

export function LibraryView() {
  return (
    <main class="view library" aria-label="Library">
      <ExportPackage />
      <Show when={can('editor')} fallback={<p class="muted library-section">Importing a package needs the editor role.</p>}>
        <ImportPackage />
      </Show>
    </main>
  );
}
