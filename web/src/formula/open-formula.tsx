/** Open another formula in the editor by id (a list of the release's formulas to pick from), or start a new one. */
import { createResource, createSignal, For } from 'solid-js';
import { formulaList } from './library.ts';

export function OpenFormula(props: { current: string; onOpen: (formulaId: string) => void }) {
  const [formulas] = createResource(formulaList);
  const [typed, setTyped] = createSignal('');
  const open = () => {
    const id = typed().trim();
    if (/^[A-Za-z][A-Za-z0-9_]*$/.test(id) && id !== props.current) props.onOpen(id);
    setTyped('');
  };
  return (
    <form
      class="open-formula"
      onSubmit={(event) => {
        event.preventDefault();
        open();
      }}
    >
      <input
        list="formula-ids"
        placeholder="Open formula… (or a new id)"
        value={typed()}
        onInput={(event) => setTyped(event.currentTarget.value)}
        aria-label="Open formula by id"
      />
      <datalist id="formula-ids">
        <For each={formulas() ?? []}>{(formula) => <option value={formula.id}>{formula.title}</option>}</For>
      </datalist>
      <button type="submit">Open</button>
    </form>
  );
}
