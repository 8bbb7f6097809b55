/** Statistics the setup defines: a formula of the library with parameters of its own (e.g. 30-second increments). */
import { createSignal, For, Index } from 'solid-js';
import { RowButton, RowError, SectionHeader, type SetupForm, TextField } from './setup-fields.tsx';

type Definition = { id?: unknown; formula?: unknown; params?: Record<string, unknown> };

export function StatisticsSection(props: { form: SetupForm }) {
  const definitions = () => (props.form.data().statistics as Definition[] | undefined) ?? [];
  const add = () => props.form.append(['statistics'], { id: `Statistic${definitions().length + 1}`, formula: '', params: {} });
  return (
    <section class="setup-section" aria-label="Setup statistics">
      <SectionHeader title="Setup statistics">
        <RowButton form={props.form} label="Add statistic" onClick={add} />
      </SectionHeader>
      <Index each={definitions()}>{(definition, i) => <DefinitionRow form={props.form} definition={definition()} index={i} />}</Index>
    </section>
  );
}

function DefinitionRow(props: { form: SetupForm; definition: Definition; index: number }) {
  const at = (...rest: (string | number)[]) => ['statistics', props.index, ...rest];
  const label = () => `Statistic ${props.index + 1}`;
  const [newParam, setNewParam] = createSignal('');
  const addParam = () => {
    const name = newParam().trim();
    if (name === '') return;
    props.form.set(at('params', name), '0');
    setNewParam('');
  };
  return (
    <div class="setup-line">
      <div class="setup-row">
        <TextField form={props.form} path={at('id')} label={`${label()} id`} value={props.definition.id} caption="Statistic id" />
        <TextField
          form={props.form}
          path={at('formula')}
          label={`${label()} formula`}
          value={props.definition.formula}
          list="setup-statistics"
          caption="Formula"
        />
        <For each={Object.entries(props.definition.params ?? {})}>
          {([name, value]) => (
            <>
              <TextField
                form={props.form}
                path={at('params', name)}
                label={`${label()} parameter ${name}`}
                value={value}
                kind="integer"
                caption={`Parameter ${name}`}
              />
              <RowButton form={props.form} label="×" title={`Remove parameter ${name}`} onClick={() => props.form.remove(at('params', name))} />
            </>
          )}
        </For>
        <span class="setup-field">
          <label class="setup-caption" for={`setup-statistics-${props.index}-new-param`}>
            New parameter
          </label>
          <input
            id={`setup-statistics-${props.index}-new-param`}
            aria-label={`${label()} new parameter name`}
            placeholder="name"
            value={newParam()}
            readOnly={props.form.readOnly()}
            onInput={(event) => setNewParam(event.currentTarget.value)}
          />
        </span>
        <RowButton form={props.form} label="Add parameter" onClick={addParam} />
        <RowButton form={props.form} label="Remove" title={`Remove ${label()}`} onClick={() => props.form.remove(at())} />
      </div>
      <RowError form={props.form} path={at('params')} />
      <RowError form={props.form} path={at()} />
    </div>
  );
}
