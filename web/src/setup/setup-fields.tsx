/**
 * The setup form's fields: each edits one path of the setup's YAML and shows the problems found
 * at that path (the schema's as the user types, the server's context checks a moment later).
 */
import { For, type JSX, Show } from 'solid-js';
import { FieldError, invalidAttributes } from '../ui/field-error.tsx';
import type { SetupChoices } from './setup-api.ts';
import type { Path, SetupData } from './setup-doc.ts';

export interface SetupForm {
  readonly data: () => SetupData;
  readonly choices: () => SetupChoices | undefined;
  readonly readOnly: () => boolean;
  set(path: Path, value: unknown): void;
  append(path: Path, value: unknown): void;
  remove(path: Path): void;
  /** The errors at exactly this path, as one message. */
  errorAt(path: Path): string | undefined;
  /** The warnings at exactly this path, as one message. */
  warningAt(path: Path): string | undefined;
}

export const fieldId = (path: Path): string => `setup-${path.join('-')}`;

/**
 * Switches an object that has exactly one of `keys` (a line's pricing, a modifier's operation) to
 * `next`, starting from `defaults[next]`: the other keys leave the YAML.
 */
export function chooseOne<K extends string>(
  form: SetupForm,
  path: Path,
  current: Record<string, unknown>,
  keys: readonly K[],
  defaults: Record<K, unknown>,
  next: K,
): void {
  for (const key of keys) if (key !== next && current[key] !== undefined) form.set([...path, key], undefined);
  form.set([...path, next], defaults[next]);
}

/** Text as the setup keeps it: an exact decimal stays text, a whole number for integer fields. */
export type FieldKind = 'text' | 'decimal' | 'integer' | 'date';

function valueOf(kind: FieldKind, text: string): unknown {
  if (text.trim() === '') return undefined;
  if (kind === 'integer' && /^-?\d+$/.test(text.trim())) return Number(text.trim());
  return kind === 'text' || kind === 'date' ? text : text.trim();
}

export function TextField(props: {
  form: SetupForm;
  path: Path;
  label: string;
  value: unknown;
  kind?: FieldKind;
  placeholder?: string;
  /** The id of a datalist of suggestions (clients, billing codes, statistics). */
  list?: string;
  class?: string;
  /** The short name shown above the field (the placeholder's when not given), so a filled field still says what it is. */
  caption?: string;
}) {
  const id = () => fieldId(props.path);
  const error = () => props.form.errorAt(props.path);
  return (
    <span class={`setup-field ${props.class ?? ''}`}>
      <Caption for={id()} text={props.caption ?? props.placeholder} />
      <input
        id={id()}
        aria-label={props.label}
        title={props.label}
        type={props.kind === 'date' ? 'date' : 'text'}
        inputmode={props.kind === 'decimal' || props.kind === 'integer' ? 'decimal' : undefined}
        placeholder={props.placeholder ?? ''}
        list={props.list}
        value={props.value === undefined || props.value === null ? '' : String(props.value)}
        readOnly={props.form.readOnly()}
        onInput={(event) => props.form.set(props.path, valueOf(props.kind ?? 'text', event.currentTarget.value))}
        {...invalidAttributes(id(), error())}
      />
      <FieldError for={id()} error={error()} />
      <Show when={!error() && props.form.warningAt(props.path)}>
        <span class="field-warning">{props.form.warningAt(props.path)}</span>
      </Show>
    </span>
  );
}

export function SelectField(props: {
  form: SetupForm;
  path: Path;
  label: string;
  value: unknown;
  options: readonly (string | { value: string; label: string })[];
  /** The choice that means "not set" (removes the key), e.g. "default". */
  unset?: string;
  onChange?: (value: string) => void;
  /** The short name shown above the field. */
  caption?: string;
}) {
  const id = () => fieldId(props.path);
  const error = () => props.form.errorAt(props.path);
  const current = () => (props.value === undefined ? (props.unset ?? '') : String(props.value));
  return (
    <span class="setup-field">
      <Caption for={id()} text={props.caption} />
      <select
        id={id()}
        aria-label={props.label}
        title={props.label}
        disabled={props.form.readOnly()}
        value={current()}
        onChange={(event) => {
          const value = event.currentTarget.value;
          if (props.onChange) props.onChange(value);
          else props.form.set(props.path, value === props.unset ? undefined : value);
        }}
        {...invalidAttributes(id(), error())}
      >
        {/* `selected` on the option: a select's value set before its options exist would show the first one. */}
        <Show when={props.unset !== undefined}>
          <option value={props.unset} selected={current() === props.unset}>
            {props.unset}
          </option>
        </Show>
        {/* A value the setup has but the options do not (a plan since renamed) stays visible, with its error. */}
        <Show when={current() !== props.unset && !props.options.some((o) => (typeof o === 'string' ? o : o.value) === current())}>
          <option value={current()} selected>
            {current()}
          </option>
        </Show>
        <For each={props.options}>
          {(option) => {
            const value = typeof option === 'string' ? option : option.value;
            return (
              <option value={value} selected={current() === value}>
                {typeof option === 'string' ? option : option.label}
              </option>
            );
          }}
        </For>
      </select>
      <FieldError for={id()} error={error()} />
    </span>
  );
}

/**
 * The visible name above a field. The field's accessible name stays its own `aria-label` (e.g.
 * "Plan 3 minimum"), which says which row it is; the caption says what it is.
 */
function Caption(props: { for: string; text: string | undefined }) {
  return (
    <label class="setup-caption" for={props.for}>
      {props.text ?? '\u00a0'}
    </label>
  );
}

/** A box that writes `checkedValue` (default true) when ticked and removes the key when not (the default is the other way). */
export function CheckField(props: { form: SetupForm; path: Path; label: string; value: unknown; checkedValue?: boolean; alone?: boolean }) {
  const id = () => fieldId(props.path);
  const error = () => props.form.errorAt(props.path);
  const on = () => props.checkedValue ?? true;
  return (
    <span class="setup-field setup-check-field" classList={{ bare: props.alone === true }}>
      <label class="setup-check">
        <input
          id={id()}
          type="checkbox"
          checked={props.value === on()}
          disabled={props.form.readOnly()}
          onChange={(event) => props.form.set(props.path, event.currentTarget.checked ? on() : undefined)}
          {...invalidAttributes(id(), error())}
        />
        {props.label}
      </label>
      <FieldError for={id()} error={error()} />
    </span>
  );
}

/**
 * A list of names (clients, billing codes, line ids) as one comma-separated field; the problems of
 * the list and of each entry show under it.
 */
export function ListField(props: {
  form: SetupForm;
  path: Path;
  label: string;
  caption: string;
  value: unknown;
  placeholder?: string;
  list?: string;
  class?: string;
}) {
  const id = () => fieldId(props.path);
  const items = (): unknown[] => (Array.isArray(props.value) ? props.value : []);
  const error = () =>
    [props.form.errorAt(props.path), ...items().map((_, j) => props.form.errorAt([...props.path, j]))].filter(Boolean).join('; ') || undefined;
  return (
    <span class={`setup-field ${props.class ?? 'wide'}`}>
      <Caption for={id()} text={props.caption} />
      <input
        id={id()}
        aria-label={props.label}
        title={props.label}
        placeholder={props.placeholder ?? 'comma-separated'}
        list={props.list}
        value={items().join(', ')}
        readOnly={props.form.readOnly()}
        onChange={(event) => {
          const entries = event.currentTarget.value
            .split(',')
            .map((entry) => entry.trim())
            .filter((entry) => entry !== '');
          props.form.set(props.path, entries.length > 0 ? entries : undefined);
        }}
        {...invalidAttributes(id(), error())}
      />
      <FieldError for={id()} error={error()} />
    </span>
  );
}

const PRORATIONS = [
  { value: 'period', label: 'by the period’s days' },
  { value: 'month', label: 'by each month’s days' },
];

/** Whether and how an amount prorates to the days in force: not (the default), by the period's days (true) or by each month's. */
export function ProrateField(props: { form: SetupForm; path: Path; label: string; value: unknown }) {
  return (
    <SelectField
      form={props.form}
      path={props.path}
      label={props.label}
      caption="Prorate"
      value={props.value === true ? 'period' : props.value === false ? undefined : props.value}
      unset="no"
      options={PRORATIONS}
    />
  );
}

/** A problem of a whole row (e.g. "a usage line has exactly one of price, graduated…"). */
export function RowError(props: { form: SetupForm; path: Path }) {
  return (
    <Show when={props.form.errorAt(props.path)}>
      <p class="field-error setup-row-error" role="alert">
        {props.form.errorAt(props.path)}
      </p>
    </Show>
  );
}

export function SectionHeader(props: { title: string; children?: JSX.Element }) {
  return (
    <div class="setup-section-header">
      <h3>{props.title}</h3>
      {props.children}
    </div>
  );
}

/** A small button that adds or removes a row; hidden while the setup cannot be edited. */
export function RowButton(props: { form: SetupForm; label: string; onClick: () => void; title?: string }) {
  return (
    <Show when={!props.form.readOnly()}>
      <button type="button" class="setup-row-button" title={props.title ?? props.label} onClick={() => props.onClick()}>
        {props.label}
      </button>
    </Show>
  );
}
