/** Plans and their lines: fees, and usage lines priced per unit, by graduated or volume tiers, or by package. */
import { Index, Show } from 'solid-js';
import type { PlanData } from './setup-doc.ts';
import { CheckField, chooseOne, ListField, ProrateField, RowButton, RowError, SectionHeader, SelectField, type SetupForm, TextField } from './setup-fields.tsx';

const PRICINGS = ['price', 'graduated', 'volume', 'package'] as const;
type Pricing = (typeof PRICINGS)[number];
const PRICING_LABELS: Record<Pricing, string> = { price: 'per unit', graduated: 'graduated tiers', volume: 'volume tiers', package: 'package' };
const DEFAULT_PRICING: Record<Pricing, unknown> = {
  price: '0.00',
  graduated: [{ upTo: '100', price: '0.00' }, { price: '0.00' }],
  volume: [{ upTo: '100', price: '0.00' }, { price: '0.00' }],
  package: { size: '100', price: '0.00' },
};
const PLAN_KEYS = new Set(['id', 'name', 'minimum', 'lines', 'allowances']);
const FEE_KEYS = new Set(['id', 'label', 'fee', 'recurrence', 'prorate', 'billed', 'anchorMonth', 'countsTowardMinimum']);
const USAGE_KEYS = new Set([
  'id',
  'label',
  'statistic',
  'included',
  'minimum',
  'maximum',
  'multiplier',
  'tiersOn',
  'prorate',
  'countsTowardMinimum',
  'rollover',
  ...PRICINGS,
]);

export function PlansSection(props: { form: SetupForm }) {
  const plans = () => props.form.data().plans ?? [];
  const addPlan = () =>
    props.form.append(['plans'], { id: `plan-${plans().length + 1}`, name: 'New plan', lines: [{ id: 'base', label: 'Monthly service', fee: '0.00' }] });
  return (
    <section class="setup-section" aria-label="Plans">
      <SectionHeader title="Plans">
        <RowButton form={props.form} label="Add plan" onClick={addPlan} />
      </SectionHeader>
      <Index each={plans()}>{(plan, i) => <PlanCard form={props.form} plan={plan()} index={i} />}</Index>
    </section>
  );
}

function PlanCard(props: { form: SetupForm; plan: PlanData; index: number }) {
  const at = (...rest: (string | number)[]) => ['plans', props.index, ...rest];
  const name = () => `Plan ${props.index + 1}`;
  const lines = () => props.plan.lines ?? [];
  const planExtra = () => Object.keys(props.plan).filter((key) => !PLAN_KEYS.has(key));
  return (
    <fieldset class="setup-card" data-plan={props.plan.id}>
      <legend>{props.plan.name ?? props.plan.id ?? name()}</legend>
      <div class="setup-row">
        <TextField form={props.form} path={at('id')} label={`${name()} id`} value={props.plan.id} placeholder="id" />
        <TextField form={props.form} path={at('name')} label={`${name()} name`} value={props.plan.name} placeholder="name" class="wide" />
        <TextField
          form={props.form}
          path={at('minimum', 'amount')}
          label={`${name()} minimum`}
          value={props.plan.minimum?.amount}
          kind="decimal"
          placeholder="minimum"
          caption="Plan minimum"
        />
        <Show when={props.plan.minimum !== undefined}>
          <TextField
            form={props.form}
            path={at('minimum', 'label')}
            label={`${name()} minimum label`}
            value={props.plan.minimum?.label}
            placeholder="Monthly minimum"
            caption="Minimum's line label"
          />
          <ProrateField form={props.form} path={at('minimum', 'prorate')} label={`${name()} minimum prorate`} value={props.plan.minimum?.prorate} />
        </Show>
        <RowButton form={props.form} label="Remove plan" onClick={() => props.form.remove(at())} />
      </div>
      <RowError form={props.form} path={at('minimum')} />
      <RowError form={props.form} path={at()} />
      <RowError form={props.form} path={at('lines')} />
      <Show when={planExtra().length > 0}>
        <p class="setup-note">Also set in the YAML view: {planExtra().join(', ')}</p>
      </Show>
      <Index each={lines()}>{(line, l) => <LineRow form={props.form} line={line()} path={at('lines', l)} label={`${name()} line ${l + 1}`} />}</Index>
      <Allowances form={props.form} plan={props.plan} path={at('allowances')} label={name()} />
      <div class="setup-row">
        <RowButton
          form={props.form}
          label="Add usage line"
          onClick={() => props.form.append(at('lines'), { id: `usage-${lines().length + 1}`, label: 'Usage', statistic: 'SecCalls', price: '0.00' })}
        />
        <RowButton
          form={props.form}
          label="Add fee"
          onClick={() => props.form.append(at('lines'), { id: `fee-${lines().length + 1}`, label: 'Fee', fee: '0.00' })}
        />
      </div>
    </fieldset>
  );
}

function LineRow(props: { form: SetupForm; line: Record<string, unknown>; path: (string | number)[]; label: string }) {
  const at = (...rest: (string | number)[]) => [...props.path, ...rest];
  const isFee = () => 'fee' in props.line;
  const pricing = (): Pricing => PRICINGS.find((p) => props.line[p] !== undefined) ?? 'price';
  const choosePricing = (next: string) => chooseOne(props.form, props.path, props.line, PRICINGS, DEFAULT_PRICING, next as Pricing);
  const extra = () => Object.keys(props.line).filter((key) => !(isFee() ? FEE_KEYS : USAGE_KEYS).has(key));
  return (
    <div class="setup-line" data-line={String(props.line.id ?? '')}>
      <div class="setup-row">
        <span class="setup-line-kind">{isFee() ? 'Fee' : 'Usage'}</span>
        <TextField form={props.form} path={at('id')} label={`${props.label} id`} value={props.line.id} placeholder="id" />
        <TextField form={props.form} path={at('label')} label={`${props.label} label`} value={props.line.label} placeholder="label" class="wide" />
        <Show
          when={!isFee()}
          fallback={
            <>
              <TextField form={props.form} path={at('fee')} label={`${props.label} fee`} value={props.line.fee} kind="decimal" placeholder="fee" />
              <SelectField
                form={props.form}
                path={at('recurrence')}
                label={`${props.label} recurrence`}
                value={props.line.recurrence}
                unset="monthly"
                caption="Recurrence"
                options={['quarterly', 'annual', 'once']}
              />
              <SelectField
                form={props.form}
                path={at('billed')}
                label={`${props.label} billed`}
                value={props.line.billed}
                unset="arrears"
                caption="Billed"
                options={[{ value: 'advance', label: 'in advance' }]}
              />
              <Show when={props.line.recurrence === 'quarterly' || props.line.recurrence === 'annual'}>
                <TextField
                  form={props.form}
                  path={at('anchorMonth')}
                  label={`${props.label} anchor month`}
                  value={props.line.anchorMonth}
                  kind="integer"
                  placeholder="1"
                  caption="Starts in month"
                  class="narrow"
                />
              </Show>
              <ProrateField form={props.form} path={at('prorate')} label={`${props.label} prorate`} value={props.line.prorate} />
              <CountsTowardMinimum form={props.form} path={at('countsTowardMinimum')} label={props.label} value={props.line.countsTowardMinimum} />
            </>
          }
        >
          <TextField
            form={props.form}
            path={at('statistic')}
            label={`${props.label} statistic`}
            value={props.line.statistic}
            list="setup-statistics"
            placeholder="statistic"
          />
          <TextField
            form={props.form}
            path={at('included')}
            label={`${props.label} included units`}
            value={props.line.included}
            kind="decimal"
            placeholder="included"
            caption="Included units"
          />
          <SelectField
            form={props.form}
            path={at('pricing')}
            label={`${props.label} pricing`}
            caption="Pricing"
            value={pricing()}
            options={PRICINGS.map((p) => ({ value: p, label: PRICING_LABELS[p] }))}
            onChange={choosePricing}
          />
          <Show when={pricing() === 'price'}>
            <TextField form={props.form} path={at('price')} label={`${props.label} price`} value={props.line.price} kind="decimal" placeholder="price" />
          </Show>
          <Show when={pricing() === 'package'}>
            <TextField
              form={props.form}
              path={at('package', 'size')}
              label={`${props.label} package size`}
              value={(props.line.package as { size?: unknown })?.size}
              kind="decimal"
              placeholder="size"
            />
            <TextField
              form={props.form}
              path={at('package', 'price')}
              label={`${props.label} package price`}
              value={(props.line.package as { price?: unknown })?.price}
              kind="decimal"
              placeholder="price"
            />
          </Show>
        </Show>
        <RowButton form={props.form} label="Remove" title={`Remove ${props.label}`} onClick={() => props.form.remove(props.path)} />
      </div>
      <Show when={!isFee()}>
        <div class="setup-row setup-subrow">
          <TextField
            form={props.form}
            path={at('minimum')}
            label={`${props.label} minimum`}
            value={props.line.minimum}
            kind="decimal"
            placeholder="line minimum"
          />
          <TextField
            form={props.form}
            path={at('maximum')}
            label={`${props.label} maximum`}
            value={props.line.maximum}
            kind="decimal"
            placeholder="line maximum"
          />
          <TextField
            form={props.form}
            path={at('multiplier')}
            label={`${props.label} multiplier`}
            value={props.line.multiplier}
            kind="decimal"
            placeholder="multiplier"
          />
          <ProrateField form={props.form} path={at('prorate')} label={`${props.label} prorate`} value={props.line.prorate} />
          <CountsTowardMinimum form={props.form} path={at('countsTowardMinimum')} label={props.label} value={props.line.countsTowardMinimum} />
        </div>
        {/* Only included units roll over: the choice is offered once the line has some. */}
        <Show when={props.line.included !== undefined || props.line.rollover !== undefined}>
          <Rollover form={props.form} path={at('rollover')} value={props.line.rollover} label={props.label} />
        </Show>
        <Show when={pricing() === 'graduated' || pricing() === 'volume'}>
          <div class="setup-row setup-subrow">
            <SelectField
              form={props.form}
              path={at('tiersOn')}
              label={`${props.label} tiers count`}
              value={props.line.tiersOn}
              unset="not said"
              caption="Tiers count"
              options={[
                { value: 'billable', label: 'units after the included ones' },
                { value: 'total', label: 'every unit' },
              ]}
            />
          </div>
          <Tiers form={props.form} path={at(pricing())} tiers={(props.line[pricing()] as Record<string, unknown>[]) ?? []} label={props.label} />
        </Show>
      </Show>
      <Show when={extra().length > 0}>
        <p class="setup-note">Also set in the YAML view: {extra().join(', ')}</p>
      </Show>
      <RowError form={props.form} path={props.path} />
    </div>
  );
}

function Tiers(props: { form: SetupForm; path: (string | number)[]; tiers: Record<string, unknown>[]; label: string }) {
  const addTier = () => {
    // A new band goes before the open last one, starting where the one before it ends.
    const last = props.tiers.length - 1;
    const before = Number(props.tiers[last - 1]?.upTo ?? 0);
    props.form.set([...props.path, last, 'upTo'], String(before > 0 ? before * 2 : 100));
    props.form.append(props.path, { price: String(props.tiers[last]?.price ?? '0.00') });
  };
  return (
    <div class="setup-tiers">
      <RowError form={props.form} path={props.path} />
      <Index each={props.tiers}>
        {(tier, t) => (
          <div class="setup-row setup-subrow">
            <span class="setup-tier-name">Tier {t + 1}</span>
            <TextField
              form={props.form}
              path={[...props.path, t, 'upTo']}
              label={`${props.label} tier ${t + 1} up to`}
              value={tier().upTo}
              kind="decimal"
              placeholder={t === props.tiers.length - 1 ? 'no limit' : 'up to'}
              caption="Up to"
            />
            <TextField
              form={props.form}
              path={[...props.path, t, 'price']}
              label={`${props.label} tier ${t + 1} price`}
              value={tier().price}
              kind="decimal"
              placeholder="price"
            />
            <Show when={props.tiers.length > 1}>
              <RowButton form={props.form} label="Remove tier" onClick={() => props.form.remove([...props.path, t])} />
            </Show>
          </div>
        )}
      </Index>
      <RowButton form={props.form} label="Add tier" title={`Add a tier to ${props.label}`} onClick={addTier} />
    </div>
  );
}

/** `countsTowardMinimum: false`: the line is charged on top of the plan minimum instead of counting toward it. */
function CountsTowardMinimum(props: { form: SetupForm; path: (string | number)[]; label: string; value: unknown }) {
  return (
    <span title={`${props.label}: charged on top of the plan minimum`}>
      <CheckField form={props.form} path={props.path} label="on top of the plan minimum" value={props.value} checkedValue={false} />
    </span>
  );
}

/** Included units left over roll over to later periods, up to a cap and for some periods. */
function Rollover(props: { form: SetupForm; path: (string | number)[]; value: unknown; label: string }) {
  const rollover = () => props.value as { cap?: unknown; expiresAfter?: unknown } | undefined;
  return (
    <div class="setup-row setup-subrow">
      <span class="setup-field setup-check-field" classList={{ bare: props.value === undefined }}>
        <label class="setup-check">
          <input
            type="checkbox"
            aria-label={`${props.label} rolls over`}
            checked={props.value !== undefined}
            disabled={props.form.readOnly()}
            onChange={(event) => props.form.set(props.path, event.currentTarget.checked ? {} : undefined)}
          />
          unused included units roll over
        </label>
      </span>
      <Show when={props.value !== undefined}>
        <TextField
          form={props.form}
          path={[...props.path, 'cap']}
          label={`${props.label} rollover cap`}
          value={rollover()?.cap}
          kind="decimal"
          placeholder="no cap"
          caption="Rolled-over units at most"
        />
        <TextField
          form={props.form}
          path={[...props.path, 'expiresAfter']}
          label={`${props.label} rollover expires after`}
          value={rollover()?.expiresAfter}
          kind="integer"
          placeholder="never"
          caption="Expire after periods"
          class="narrow"
        />
      </Show>
      <RowError form={props.form} path={props.path} />
    </div>
  );
}

/** Units shared by several usage lines of the plan, drawn down in the order the lines are listed. */
function Allowances(props: { form: SetupForm; plan: PlanData; path: (string | number)[]; label: string }) {
  const allowances = () => (props.plan.allowances as Record<string, unknown>[] | undefined) ?? [];
  const usageLines = () => (props.plan.lines ?? []).filter((line) => 'statistic' in line).map((line) => String(line.id ?? ''));
  const add = () => props.form.append(props.path, { id: `shared-${allowances().length + 1}`, units: '0', lines: usageLines().slice(0, 2) });
  return (
    <div class="setup-allowances">
      <RowError form={props.form} path={props.path} />
      <Index each={allowances()}>
        {(allowance, a) => {
          const at = (...rest: (string | number)[]) => [...props.path, a, ...rest];
          const label = `${props.label} allowance ${a + 1}`;
          return (
            <div class="setup-row" data-allowance={String(allowance().id ?? '')}>
              <span class="setup-line-kind">Shared</span>
              <TextField form={props.form} path={at('id')} label={`${label} id`} value={allowance().id} placeholder="id" caption="Allowance id" />
              <TextField form={props.form} path={at('units')} label={`${label} units`} value={allowance().units} kind="decimal" caption="Units shared" />
              <ListField
                form={props.form}
                path={at('lines')}
                label={`${label} lines`}
                caption="Usage lines, in draw-down order"
                value={allowance().lines}
                placeholder={usageLines().join(', ')}
              />
              <RowButton form={props.form} label="Remove" title={`Remove ${label}`} onClick={() => props.form.remove(at())} />
              <RowError form={props.form} path={at()} />
            </div>
          );
        }}
      </Index>
      <RowButton form={props.form} label="Add shared allowance" title={`Add a shared allowance to ${props.label}`} onClick={add} />
    </div>
  );
}
