/**
 * The grid and the side panel of one snapshot, and what links them: the active cell's statistic
 * is what the explain panel shows and what E opens in the editor; the editor's runs show in the grid.
 * The formula in the editor (and the draft of it) is in the address, `#grid/formula/ID/draft/N`:
 * opening one is a step Back returns from, and a reload opens it again.
 */
import { createEffect, createMemo, createSignal, on, onCleanup } from 'solid-js';
import { createGridModel } from '../grid/grid-model.ts';
import { GridPane } from '../grid/grid-pane.tsx';
import { formulaOfRoute, formulaPath, type FormulaAddress } from './paths.ts';
import { navigate, pathOfRoute, route } from './route.ts';
import { SidePanel, type PanelMode } from './side-panel.tsx';

const sameFormula = (a: string | null, b: string) => a?.toLowerCase() === b.toLowerCase();

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
  const [draft, setDraft] = createSignal<number | undefined>(undefined);
  const [editorDirty, setEditorDirty] = createSignal(false);
  const [focusRequest, setFocusRequest] = createSignal(0);
  let focusGrid = () => {};

  /** Opens the formula an address names; asks first before dropping unsaved edits (and keeps the address when told no). */
  const open = (address: FormulaAddress) => {
    const current = editing();
    if (current && !sameFormula(current, address.formulaId) && editorDirty() && !window.confirm(`Discard your unsaved changes to ${current}?`)) {
      navigate(formulaPath(current, draft()), { replace: true });
      return;
    }
    if (!sameFormula(current, address.formulaId) || address.draftId !== undefined) setDraft(address.draftId);
    setEditing(address.formulaId);
    setPanel('editor');
  };
  /** E, or "Edit formula": a step into the editor (a formula newly opened takes the focus as it appears). */
  const edit = (id: string) => {
    navigate(formulaPath(id, sameFormula(editing(), id) ? draft() : undefined));
    if (sameFormula(editing(), id)) setFocusRequest((n) => n + 1);
  };
  /** The editor's text now comes from a draft (or the release): the address follows, without a step of its own. */
  const showDraft = (draftId: number | undefined) => {
    const current = editing();
    setDraft(draftId);
    if (current && route().view === 'grid' && panel() === 'editor') navigate(formulaPath(current, draftId), { replace: true });
  };
  const choosePanel = (mode: PanelMode | null) => {
    setPanel(mode);
    const current = editing();
    navigate(mode === 'editor' && current ? formulaPath(current, draft()) : 'grid', { replace: true });
  };

  // The address decides what the panel shows. Coming back to the grid from another view (its link says only
  // `#grid`) finds the grid as it was left: the formula still open in the editor.
  let lastGridPath = 'grid';
  createEffect(
    on(route, (now, before) => {
      if (now.view !== 'grid') return;
      const path = pathOfRoute(now);
      if (before && before.view !== 'grid' && path === 'grid' && lastGridPath !== 'grid') return navigate(lastGridPath, { replace: true });
      lastGridPath = path;
      const address = formulaOfRoute(now);
      if (address) open(address);
      else if (panel() === 'editor') setPanel('explain');
    }),
  );
  const editActive = () => {
    const statistic = model.statisticAt(model.selection.active().column);
    if (statistic) edit(statistic.id);
    else if (editing()) choosePanel('editor');
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
          if (via === 'keyboard' || panel() !== 'editor') choosePanel('explain');
        }}
        onEdit={editActive}
        registerFocus={(focus) => (focusGrid = focus)}
      />
      <SidePanel
        model={model}
        snapshot={props.snapshot}
        mode={panel()}
        onMode={choosePanel}
        editing={editing()}
        draft={draft()}
        onDraft={showDraft}
        onEdit={edit}
        focusRequest={focusRequest()}
        onDirty={setEditorDirty}
        onLeaveEditor={() => focusGrid()}
      />
    </div>
  );
}
