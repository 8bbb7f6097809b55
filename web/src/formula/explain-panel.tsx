/**
 * Explains the active cell: for a statistic, its value for the client and the formula behind it
 * (title, description, unit, variant, version, legacy column, quirks, parameters, SQL), from
 * GET /api/formulas/{id}; for a client column, the client. Follows the active cell as it moves.
 */
import { createResource, For, Show } from 'solid-js';
import type { GridColumn, GridRow } from '../api/types.ts';
import type { GridModel } from '../grid/grid-model.ts';
import { formatValue, shownInOtherUnit, unitLabel } from '../grid/units.ts';
import { QuirkCodes } from '../ui/quirk-code.tsx';
import { Loaded, Loading } from '../ui/states.tsx';
import { formulaDetail, releaseChanges } from './library.ts';
import { SqlView } from './sql-view.tsx';

export function ExplainPanel(props: { model: GridModel; onEdit: (formulaId: string) => void }) {
  const row = () => props.model.rowAt(props.model.selection.active().row);
  const statistic = () => props.model.statisticAt(props.model.selection.active().column);
  return (
    <div class="explain" aria-live="polite">
      <Show when={row()} fallback={<Loading label="Loading the client…" />}>
        {(client) => (
          <Show when={statistic()} fallback={<ClientFacts row={client()} />}>
            {(column) => <StatisticExplained model={props.model} row={client()} column={column()} onEdit={props.onEdit} />}
          </Show>
        )}
      </Show>
    </div>
  );
}

function ClientFacts(props: { row: GridRow }) {
  return (
    <section>
      <h2>{props.row.name}</h2>
      <dl class="facts">
        <dt>Client number</dt>
        <dd>{props.row.clientNumber}</dd>
        <dt>Billing code</dt>
        <dd>{props.row.billingCode || '—'}</dd>
        <dt>IS key (cltID)</dt>
        <dd>{props.row.cltID}</dd>
      </dl>
      <p class="panel-hint">Move to a statistic to see how it is computed.</p>
    </section>
  );
}

function StatisticExplained(props: { model: GridModel; row: GridRow; column: GridColumn; onEdit: (formulaId: string) => void }) {
  const [detail] = createResource(
    () => ({ id: props.column.id, release: releaseChanges() }),
    ({ id }) => formulaDetail(id),
  );
  const raw = () => props.model.valueOf(props.row, props.column.id);
  const isDraft = () => props.model.isDraft(props.column.id);
  return (
    <section>
      <p class="eyebrow">
        {props.row.clientNumber} · {props.row.name}
      </p>
      <h2>{props.column.id}</h2>
      <p class="value">
        <span class="value-number">{formatValue(raw(), props.column.unit, props.model.durations(), { grouping: true })}</span>
        <span class="value-unit">
          {shownInOtherUnit(props.column.unit, props.model.durations()) ? unitLabel(props.column.unit, props.model.durations()) : props.column.unit}
        </span>
        {/* The value as the formula counts it, when shown in another unit. */}
        <Show when={shownInOtherUnit(props.column.unit, props.model.durations())}>
          <span class="value-raw">
            ({raw()} {props.column.unit})
          </span>
        </Show>
      </p>
      <Show when={isDraft()}>
        <p class="notice">
          This column shows the editor's run, not the release.{' '}
          <button type="button" onClick={() => props.model.revertDraftColumn(props.column.id)}>
            Show the release again
          </button>
        </p>
      </Show>
      <Loaded resource={detail} loading={`Loading formula ${props.column.id}…`}>
        {(found) => (
          <>
            <h3>{found().formula.title}</h3>
            <Show when={found().changedFromLegacy}>
              {(why) => (
                <p class="notice notice-changed-legacy" role="note">
                  Changed from the legacy report: {why()}. This legacy column no longer reproduces Billing Export 200 exactly.
                </p>
              )}
            </Show>
            <p class="description">{found().formula.description}</p>
            <dl class="facts">
              <dt>Unit</dt>
              <dd>{found().formula.unit}</dd>
              <dt>Family</dt>
              <dd>{found().formula.family}</dd>
              <dt>Variant</dt>
              <dd>{found().formula.variant}</dd>
              <dt>Version</dt>
              <dd>
                <code>{found().version}</code>
              </dd>
              <Show when={found().formula.legacy}>
                {(legacy) => (
                  <>
                    <dt>Billing Export 200</dt>
                    <dd>
                      column {legacy().column}, position {legacy().position}
                    </dd>
                  </>
                )}
              </Show>
              <Show when={found().formula.quirks.reproduces.length > 0}>
                <dt>Reproduces quirks</dt>
                <dd>
                  <QuirkCodes codes={found().formula.quirks.reproduces} />
                </dd>
              </Show>
              <Show when={found().formula.quirks.fixes.length > 0}>
                <dt>Fixes quirks</dt>
                <dd>
                  <QuirkCodes codes={found().formula.quirks.fixes} />
                </dd>
              </Show>
            </dl>
            <Show when={found().formula.params.length > 0}>
              <h4>Parameters</h4>
              <ul class="params">
                <For each={found().formula.params}>
                  {(param) => (
                    <li>
                      <code>${param.name}</code> ({param.type}, default {String(param.default)}): {param.description}
                    </li>
                  )}
                </For>
              </ul>
            </Show>
            <h4>SQL</h4>
            <SqlView sql={found().formula.sql} />
            <button type="button" class="primary" onClick={() => props.onEdit(props.column.id)}>
              Edit formula
            </button>
          </>
        )}
      </Loaded>
    </section>
  );
}
