/**
 * The grid and the side panel of one snapshot, and what links them: the active cell's statistic
 * is what the explain panel shows and what E opens in the editor; the editor's runs show in the grid.
 */
import { createMemo, createSignal, onCleanup } from 'solid-js';
import { createGridModel } from '../grid/grid-model.ts';
import { GridPane } from '../grid/grid-pane.tsx';
import { SidePanel, type PanelMode } from './side-panel.tsx';

export function WorkbenchBody(props: { snapshot: string }) {
  const [typedSearch, setTypedSearch] = createSignal('');
  const [search, setSearch] = createSignal('');
  let timer: ReturnType<typeof setTimeout> | undefined;
  const onSearch = (text: string) => {
    setTypedSearch(text);
    clearTimeout(timer);
    timer = setTimeout(() => setSearch(text.trim()), 250); // one request when typing pauses, not one per key
  };
  onCleanup(() => clearTimeout(timer));

  const params = createMemo(() => ({ snapshot: props.snapshot, search: search() }), undefined, {
    equals: (a, b) => a.snapshot === b.snapshot && a.search === b.search,
  });
  const model = createGridModel(params);
  const [panel, setPanel] = createSignal<PanelMode | null>(null);
  const [editing, setEditing] = createSignal<string | null>(null);
  const [editorDirty, setEditorDirty] = createSignal(false);
  const [focusRequest, setFocusRequest] = createSignal(0);
  let focusGrid = () => {};

  /** Opens a formula in the editor and moves the focus there; asks first before dropping unsaved edits. */
  const edit = (id: string) => {
    const current = editing();
    if (current && current.toLowerCase() !== id.toLowerCase() && editorDirty() && !window.confirm(`Discard your unsaved changes to ${current}?`)) return;
    setEditing(id);
    setPanel('editor');
    setFocusRequest((n) => n + 1);
  };
  const editActive = () => {
    const statistic = model.statisticAt(model.selection.active().column);
    if (statistic) edit(statistic.id);
    else if (editing()) setPanel('editor');
  };

  return (
    <div class="workbench">
      <GridPane
        model={model}
        snapshot={props.snapshot}
        search={typedSearch()}
        onSearch={onSearch}
        // A click while editing keeps the editor in view (to compare values); Enter asks for the explanation.
        onExplain={(via) => {
          if (via === 'keyboard' || panel() !== 'editor') setPanel('explain');
        }}
        onEdit={editActive}
        registerFocus={(focus) => (focusGrid = focus)}
      />
      <SidePanel
        model={model}
        snapshot={props.snapshot}
        mode={panel()}
        onMode={setPanel}
        editing={editing()}
        onEdit={edit}
        focusRequest={focusRequest()}
        onDirty={setEditorDirty}
        onLeaveEditor={() => focusGrid()}
      />
    </div>
  );
}
