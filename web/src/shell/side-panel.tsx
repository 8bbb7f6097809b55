/**
 * The panel beside the grid: "Explain" (the active cell's statistic and formula) or "Formula
 * editor". The editor stays mounted while hidden so switching tabs never loses an edit.
 */
import { Show } from 'solid-js';
import { EditorPanel } from '../formula/editor-panel.tsx';
import { ExplainPanel } from '../formula/explain-panel.tsx';
import type { GridModel } from '../grid/grid-model.ts';

export type PanelMode = 'explain' | 'editor';

export interface SidePanelProps {
  readonly model: GridModel;
  readonly snapshot: string;
  readonly mode: PanelMode | null;
  readonly onMode: (mode: PanelMode | null) => void;
  readonly editing: string | null;
  /** The draft of the formula the address names (the editor opens it); undefined: the user's own draft being edited, else the release. */
  readonly draft: number | undefined;
  /** The editor's text now comes from this draft (undefined: the release, or a new formula). */
  readonly onDraft: (draftId: number | undefined) => void;
  readonly onEdit: (formulaId: string) => void;
  /** Incremented when the editor should take the focus (it was opened from the keyboard or a button). */
  readonly focusRequest: number;
  readonly onDirty: (dirty: boolean) => void;
  /** Escape in the editor: back to the grid. */
  readonly onLeaveEditor: () => void;
}

export function SidePanel(props: SidePanelProps) {
  const tab = (mode: PanelMode, label: string) => (
    <button type="button" role="tab" aria-selected={props.mode === mode} classList={{ current: props.mode === mode }} onClick={() => props.onMode(mode)}>
      {label}
    </button>
  );
  return (
    <aside class="side-panel" classList={{ closed: props.mode === null }} aria-label="Side panel">
      <div class="panel-tabs" role="tablist">
        {tab('explain', 'Explain')}
        {tab('editor', 'Formula editor')}
        <Show when={props.mode !== null}>
          <button type="button" class="close" aria-label="Close the side panel" onClick={() => props.onMode(null)}>
            ×
          </button>
        </Show>
      </div>
      <Show when={props.mode === 'explain'}>
        <ExplainPanel model={props.model} onEdit={props.onEdit} />
      </Show>
      <Show when={props.editing}>
        {(id) => (
          <div class="editor-host" hidden={props.mode !== 'editor'}>
            <Show when={id()} keyed>
              {(formulaId) => (
                <EditorPanel
                  formulaId={formulaId}
                  draftId={props.draft}
                  onDraft={props.onDraft}
                  snapshot={props.snapshot}
                  model={props.model}
                  onOpen={props.onEdit}
                  focusRequest={props.focusRequest}
                  onDirty={props.onDirty}
                  onLeave={props.onLeaveEditor}
                />
              )}
            </Show>
          </div>
        )}
      </Show>
      <Show when={props.mode === 'editor' && !props.editing}>
        <p class="panel-hint">Select a statistic in the grid and press E (or “Edit formula” in Explain) to open its formula here.</p>
      </Show>
    </aside>
  );
}
