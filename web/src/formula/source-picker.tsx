/** Which text the editor shows: the release's version, or one of the open drafts of the formula. */
import { For, Show } from 'solid-js';
import { InlineField } from '../ui/field.tsx';
import type { FormulaSession } from './formula-session.ts';

const STATUS: Readonly<Record<string, string>> = { editing: 'editing', in_review: 'in review', approved: 'approved', withdrawn: 'withdrawn' };

export function SourcePicker(props: { session: FormulaSession }) {
  const session = () => props.session;
  const value = () => {
    const source = session().source();
    return source?.kind === 'draft' ? String(source.draft.draftId) : 'release';
  };
  const describe = () => {
    const source = session().source();
    if (!source) return '';
    if (source.kind === 'new') return 'A new formula, not in the library yet';
    if (source.kind === 'release') return `The release's version ${source.detail.version}`;
    return `Draft #${source.draft.draftId} by ${source.draft.author}, revision ${source.draft.revision}, ${STATUS[source.draft.status]}`;
  };
  return (
    <div class="source-picker">
      <InlineField label="Text">
        <select
          value={value()}
          aria-label="Text to edit"
          onChange={(event) => {
            const chosen = event.currentTarget.value;
            if (chosen === 'release') session().openRelease();
            else void session().openDraft(Number(chosen));
          }}
        >
          <option value="release">{session().release() ? 'Release version' : 'New formula'}</option>
          <For each={session().drafts()}>
            {(draft) => (
              <option value={String(draft.draftId)}>
                Draft #{draft.draftId} · {draft.author} · {STATUS[draft.status]}
              </option>
            )}
          </For>
        </select>
      </InlineField>
      <span class="source-description">{describe()}</span>
      <Show when={session().dirty()}>
        <span class="unsaved" title="The text differs from what was loaded or saved">
          unsaved changes
        </span>
      </Show>
    </div>
  );
}
