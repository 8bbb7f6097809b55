/**
 * Invoice-level rules: one-off adjustments (charges above 0, credits below 0, each with the reason
 * printed on the invoice), whether a credit beyond an invoice carries forward, percentages
 * (discounts, surcharges, taxes on the subtotal, some lines or some kinds of line) and who is tax exempt.
 */
import { Index, Show } from 'solid-js';
import { roundingMode } from '../../../engine/rating/setup-file.ts';
import { ScopeField } from './scope-field.tsx';
import { CheckField, ListField, RowButton, RowError, SectionHeader, SelectField, type SetupForm, TextField } from './setup-fields.tsx';

const LINE_KINDS = ['usage', 'fee', 'minimum', 'adjustment', 'discount', 'surcharge', 'tax'];
const KINDS = ['discount', 'surcharge', 'tax'] as const;

/** This month as YYYY-MM: the period a new adjustment most likely belongs to. */
const thisMonth = () => new Date().toISOString().slice(0, 7);

export function AdjustmentsSection(props: { form: SetupForm }) {
  const adjustments = () => (props.form.data().adjustments as Record<string, unknown>[] | undefined) ?? [];
  const credits = () => props.form.data().credits as { carryForward?: unknown } | undefined;
  // Amount and reason start empty: the form says they are missing until someone writes them.
  const add = () => props.form.append(['adjustments'], { account: '', period: thisMonth(), amount: '', reason: '' });
  return (
    <section class="setup-section" aria-label="Adjustments">
      <SectionHeader title="Adjustments">
        <RowButton form={props.form} label="Add adjustment" onClick={add} />
      </SectionHeader>
      <p class="setup-note">One-off charges (an amount above 0) and money credits (below 0) on one account's invoice for one period.</p>
      <RowError form={props.form} path={['adjustments']} />
      <Index each={adjustments()}>
        {(adjustment, i) => {
          const at = (...rest: (string | number)[]) => ['adjustments', i, ...rest];
          const label = `Adjustment ${i + 1}`;
          return (
            <div class="setup-row setup-line" data-adjustment={i}>
              <TextField
                form={props.form}
                path={at('account')}
                label={`${label} account`}
                value={adjustment().account}
                list="setup-accounts"
                placeholder="billing code, client or master"
                caption="Account"
                class="wide"
              />
              <TextField form={props.form} path={at('period')} label={`${label} period`} value={adjustment().period} placeholder="YYYY-MM" caption="Period" />
              <TextField
                form={props.form}
                path={at('amount')}
                label={`${label} amount`}
                value={adjustment().amount}
                kind="decimal"
                placeholder="-25.00 for a credit"
                caption="Amount"
              />
              <TextField
                form={props.form}
                path={at('reason')}
                label={`${label} reason`}
                value={adjustment().reason}
                caption="Reason (on the invoice)"
                class="wide"
              />
              <TextField
                form={props.form}
                path={at('id')}
                label={`${label} id`}
                value={adjustment().id}
                placeholder={`adjustment-${i + 1}`}
                caption="Line id"
              />
              <RowButton form={props.form} label="Remove" title={`Remove ${label}`} onClick={() => props.form.remove(at())} />
              <RowError form={props.form} path={at()} />
            </div>
          );
        }}
      </Index>
      <div class="setup-row">
        <CheckField
          form={props.form}
          path={['credits', 'carryForward']}
          label="A credit larger than the invoice carries forward to the account's next invoice (otherwise the rest is not applied)"
          value={credits()?.carryForward}
          alone
        />
      </div>
    </section>
  );
}

export function PercentagesSection(props: { form: SetupForm }) {
  const percentages = () => (props.form.data().percentages as Record<string, unknown>[] | undefined) ?? [];
  const exempt = () => props.form.data().taxExempt as Record<string, unknown> | undefined;
  const add = (kind: (typeof KINDS)[number]) =>
    props.form.append(['percentages'], { id: `${kind}-${percentages().length + 1}`, kind, percent: kind === 'tax' ? '' : '0' });
  return (
    <section class="setup-section" aria-label="Discounts, surcharges and taxes">
      <SectionHeader title="Discounts, surcharges and taxes">
        <RowButton form={props.form} label="Add discount" onClick={() => add('discount')} />
        <RowButton form={props.form} label="Add surcharge" onClick={() => add('surcharge')} />
        <RowButton form={props.form} label="Add tax" onClick={() => add('tax')} />
      </SectionHeader>
      <p class="setup-note">Each is its own invoice line: discounts first, then surcharges, then taxes; a percent like '6.25'.</p>
      <RowError form={props.form} path={['percentages']} />
      <Index each={percentages()}>{(percentage, i) => <PercentageRow form={props.form} percentage={percentage()} index={i} />}</Index>
      <div class="setup-row">
        <span class="setup-line-kind">Tax exempt</span>
        <ListField
          form={props.form}
          path={['taxExempt', 'accounts']}
          label="Tax exempt accounts"
          caption="Accounts"
          value={exempt()?.accounts}
          placeholder="master accounts, billing codes"
        />
        <ListField
          form={props.form}
          path={['taxExempt', 'billingCodes']}
          label="Tax exempt billing codes"
          caption="Billing codes"
          value={exempt()?.billingCodes}
          list="setup-billing-codes"
        />
        <ListField form={props.form} path={['taxExempt', 'clients']} label="Tax exempt clients" caption="Clients" value={exempt()?.clients} />
        <RowError form={props.form} path={['taxExempt']} />
      </div>
    </section>
  );
}

type OnKind = 'subtotal' | 'lines' | 'kinds';

function PercentageRow(props: { form: SetupForm; percentage: Record<string, unknown>; index: number }) {
  const at = (...rest: (string | number)[]) => ['percentages', props.index, ...rest];
  const label = () => `Percentage ${props.index + 1}`;
  const on = () => props.percentage.on as { lines?: unknown; kinds?: unknown } | string | undefined;
  const onKind = (): OnKind => {
    const value = on();
    if (value && typeof value === 'object') return value.kinds !== undefined ? 'kinds' : 'lines';
    return 'subtotal';
  };
  const chooseOn = (next: string) => {
    if (next === 'lines') props.form.set(at('on'), { lines: [] });
    else if (next === 'kinds') props.form.set(at('on'), { kinds: ['usage', 'fee'] });
    else props.form.set(at('on'), undefined);
  };
  const rounding = () => props.percentage.rounding as { scale?: unknown; mode?: unknown } | undefined;
  // A rounding of its own has both a mode and decimals (the money's to start with); "as money" removes both.
  const chooseRounding = (mode: string) => {
    if (mode === 'as money') props.form.set(at('rounding'), undefined);
    else if (rounding() === undefined) props.form.set(at('rounding'), { scale: props.form.data().rounding?.money?.scale ?? 2, mode });
    else props.form.set(at('rounding', 'mode'), mode);
  };
  return (
    <div class="setup-line" data-percentage={String(props.percentage.id ?? '')}>
      <div class="setup-row">
        <SelectField form={props.form} path={at('kind')} label={`${label()} kind`} value={props.percentage.kind} options={KINDS} caption="Kind" />
        <TextField form={props.form} path={at('id')} label={`${label()} id`} value={props.percentage.id} placeholder="id" caption="Line id" />
        <TextField
          form={props.form}
          path={at('label')}
          label={`${label()} label`}
          value={props.percentage.label}
          placeholder="label on the invoice"
          caption="Label"
          class="wide"
        />
        <TextField
          form={props.form}
          path={at('percent')}
          label={`${label()} percent`}
          value={props.percentage.percent}
          kind="decimal"
          placeholder="6.25"
          caption="Percent"
          class="narrow"
        />
        <SelectField
          form={props.form}
          path={at('on')}
          label={`${label()} on`}
          value={onKind()}
          options={[
            { value: 'subtotal', label: 'the subtotal' },
            { value: 'lines', label: 'some lines' },
            { value: 'kinds', label: 'some kinds of line' },
          ]}
          onChange={chooseOn}
          caption="Applies on"
        />
        <Show when={onKind() === 'lines'}>
          <ListField
            form={props.form}
            path={at('on', 'lines')}
            label={`${label()} on lines`}
            caption="Line ids"
            value={(on() as { lines?: unknown }).lines}
            placeholder="base, live-minutes"
          />
        </Show>
        <Show when={onKind() === 'kinds'}>
          <ListField
            form={props.form}
            path={at('on', 'kinds')}
            label={`${label()} on kinds`}
            caption="Kinds of line"
            value={(on() as { kinds?: unknown }).kinds}
            placeholder={LINE_KINDS.join(', ')}
          />
        </Show>
        <RowButton form={props.form} label="Remove" title={`Remove ${label()}`} onClick={() => props.form.remove(at())} />
      </div>
      <div class="setup-row setup-subrow">
        <ScopeField form={props.form} path={at('scope')} scope={props.percentage.scope} label={label()} />
        <SelectField
          form={props.form}
          path={at('rounding', 'mode')}
          label={`${label()} rounding`}
          value={rounding()?.mode}
          unset="as money"
          options={roundingMode.options}
          caption="Rounding"
          onChange={chooseRounding}
        />
        <Show when={rounding() !== undefined}>
          <TextField
            form={props.form}
            path={at('rounding', 'scale')}
            label={`${label()} rounding decimals`}
            value={rounding()?.scale}
            kind="integer"
            caption="Decimals"
            class="narrow"
          />
        </Show>
      </div>
      <RowError form={props.form} path={at('rounding')} />
      <RowError form={props.form} path={at('on')} />
      <RowError form={props.form} path={at()} />
    </div>
  );
}
