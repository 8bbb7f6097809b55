/**
 * The company profile every invoice and credit note carries (`#runs/company-profile`, approvers
 * and admins): name, postal address, logo, payment terms, a footer, and the codes the accounting
 * export books lines to. Each field is checked as it is typed with the schema the server applies
 * (server/api/invoices-api.ts), so a refusal is seen at the field before saving; a finalised run
 * keeps the version it was finalised with.
 */
import { createEffect, createResource, createSignal, For, Show } from 'solid-js';
import { companyProfileFields, LOGO_MAX_BYTES } from '../../../server/api/invoices-api.ts';
import { asProblem } from '../api/client.ts';
import type { CompanyProfile, CompanyProfileFields } from '../api/types.ts';
import { can } from '../session/session.ts';
import { RUNS_PATH } from '../shell/paths.ts';
import { createAction } from '../ui/action.ts';
import { FieldError, invalidAttributes } from '../ui/field-error.tsx';
import { ProblemMessage } from '../ui/problem-message.tsx';
import { Empty, Loading } from '../ui/states.tsx';
import { Breadcrumbs } from './breadcrumbs.tsx';
import { showCompanyProfile, saveCompanyProfile } from './runs-api.ts';
import { focusOnOpen } from './page-focus.ts';

type Logo = CompanyProfile['logo'];

interface Draft {
  name: string;
  address: string;
  paymentTermsDays: string;
  footer: string;
  accountCode: string;
  taxType: string;
  logo: Logo;
}

const TEXT_FIELDS = [
  { key: 'name', label: 'Company name', multiline: false, hint: 'As it heads every invoice' },
  { key: 'address', label: 'Address', multiline: true, hint: 'One line of the postal address per line' },
  { key: 'paymentTermsDays', label: 'Payment terms (days)', multiline: false, hint: 'The due date is the invoice date plus these days' },
  { key: 'footer', label: 'Footer', multiline: true, hint: 'E.g. bank details, printed at the foot of each document' },
  { key: 'accountCode', label: 'Sales account code', multiline: false, hint: 'The account the accounting export books lines to (Xero *AccountCode)' },
  { key: 'taxType', label: 'Tax type', multiline: false, hint: 'The tax rate name each exported line gets (Xero *TaxType)' },
] as const;

type TextKey = (typeof TEXT_FIELDS)[number]['key'];

function draftOf(profile: CompanyProfile): Draft {
  return {
    name: profile.name,
    address: profile.address,
    paymentTermsDays: String(profile.paymentTermsDays),
    footer: profile.footer,
    accountCode: profile.accountCode,
    taxType: profile.taxType,
    logo: profile.logo,
  };
}

/** The draft as the request body; a payment term that is not a whole number stays text so the schema names it. */
function bodyOf(draft: Draft): Record<string, unknown> {
  const days = draft.paymentTermsDays.trim();
  return { ...draft, paymentTermsDays: /^-?\d+$/.test(days) ? Number(days) : days };
}

/** Each field's first problem, as the server's schema states it. */
function problemsOf(draft: Draft): Partial<Record<TextKey | 'logo', string>> {
  const parsed = companyProfileFields.safeParse(bodyOf(draft));
  if (parsed.success) return {};
  const found: Partial<Record<TextKey | 'logo', string>> = {};
  for (const issue of parsed.error.issues) {
    const key = String(issue.path[0]) as TextKey | 'logo';
    // The schema's own words for a number out of range ("Too big: expected number to be <=365") are not for people.
    found[key] ??= key === 'paymentTermsDays' ? 'a whole number of days, 0 to 365' : issue.message;
  }
  return found;
}

export function CompanyProfilePage() {
  return (
    <article tabIndex={-1} ref={focusOnOpen} class="company-profile" aria-label="Company profile">
      <Breadcrumbs trail={[{ label: 'Billing runs', path: RUNS_PATH }]} current="Company profile" />
      <Show when={can('approver')} fallback={<Empty title="The company profile is kept by approvers and administrators." />}>
        <ProfileForm />
      </Show>
    </article>
  );
}

function ProfileForm() {
  const [profile, { mutate, refetch }] = createResource(showCompanyProfile);
  const [draft, setDraft] = createSignal<Draft | null>(null);
  const [logoProblem, setLogoProblem] = createSignal<string | null>(null);
  const [saved, setSaved] = createSignal<string | null>(null);
  const action = createAction();
  createEffect(() => {
    if (profile.error) return; // shown by the fallback below; reading a failed resource throws
    const loaded = profile();
    if (loaded && !draft()) setDraft(draftOf(loaded));
  });
  const problems = () => {
    const current = draft();
    return current ? problemsOf(current) : {};
  };
  const set = (key: TextKey, value: string) => {
    setSaved(null);
    setDraft((current) => (current ? { ...current, [key]: value } : current));
  };
  const setLogo = (logo: Logo) => {
    setSaved(null);
    setDraft((current) => (current ? { ...current, logo } : current));
  };

  const readLogo = async (file: File | undefined) => {
    setLogoProblem(null);
    if (!file) return;
    if (file.type !== 'image/png' && file.type !== 'image/jpeg') return setLogoProblem(`${file.name} is not a PNG or JPEG image`);
    if (file.size > LOGO_MAX_BYTES) return setLogoProblem(`${file.name} is ${Math.ceil(file.size / 1024)} KiB; a logo is at most ${LOGO_MAX_BYTES / 1024} KiB`);
    const bytes = new Uint8Array(await file.arrayBuffer());
    let binary = '';
    for (const byte of bytes) binary += String.fromCharCode(byte);
    setLogo({ type: file.type, base64: btoa(binary) });
  };

  const save = async () => {
    const current = draft();
    if (!current || Object.keys(problems()).length > 0) return;
    const stored = await action.run(() => saveCompanyProfile(bodyOf(current) as CompanyProfileFields));
    if (stored) {
      mutate(stored);
      setDraft(draftOf(stored));
      setSaved(`Saved as version ${stored.version}. Runs finalised from now on carry it; finalised runs keep theirs.`);
    }
  };

  return (
    <Show
      when={draft()}
      fallback={
        <Show when={profile.error} fallback={<Loading label="Loading the company profile…" />}>
          <ProblemMessage title="The company profile could not be loaded" problem={asProblem(profile.error)} onRetry={() => void refetch()} />
        </Show>
      }
    >
      {(current) => (
        <form
          class="profile-form"
          novalidate
          onSubmit={(event) => {
            event.preventDefault();
            void save();
          }}
        >
          <h2>Company profile</h2>
          <p class="muted">
            {profile.latest?.version
              ? `Version ${profile.latest?.version}, saved ${profile.latest?.updatedAt?.replace('T', ' ').slice(0, 16)} by ${profile.latest?.updatedBy}.`
              : 'Not saved yet: invoices show these defaults until it is.'}
          </p>
          <For each={TEXT_FIELDS}>
            {(field) => {
              const id = `profile-${field.key}`;
              const error = () => problems()[field.key];
              return (
                <div class="field">
                  <label for={id}>{field.label}</label>
                  <Show
                    when={field.multiline}
                    fallback={
                      <input
                        id={id}
                        value={current()[field.key]}
                        inputMode={field.key === 'paymentTermsDays' ? 'numeric' : undefined}
                        onInput={(event) => set(field.key, event.currentTarget.value)}
                        {...invalidAttributes(id, error())}
                      />
                    }
                  >
                    <textarea
                      id={id}
                      rows={3}
                      value={current()[field.key]}
                      onInput={(event) => set(field.key, event.currentTarget.value)}
                      {...invalidAttributes(id, error())}
                    />
                  </Show>
                  <FieldError for={id} error={error()} />
                  <small>{field.hint}</small>
                </div>
              );
            }}
          </For>
          <div class="field">
            <label for="profile-logo">Logo</label>
            <Show when={current().logo}>
              {(logo) => (
                <div class="logo-preview">
                  <img src={`data:${logo().type};base64,${logo().base64}`} alt="The logo the documents carry" />
                  <button type="button" onClick={() => setLogo(null)}>
                    Remove logo
                  </button>
                </div>
              )}
            </Show>
            <input
              id="profile-logo"
              type="file"
              accept="image/png,image/jpeg"
              onChange={(event) => void readLogo(event.currentTarget.files?.[0])}
              {...invalidAttributes('profile-logo', logoProblem() ?? problems().logo)}
            />
            <FieldError for="profile-logo" error={logoProblem() ?? problems().logo} />
            <small>PNG or JPEG, at most {LOGO_MAX_BYTES / 1024} KiB; printed at the top of each document.</small>
          </div>
          <div class="form-actions">
            <button type="submit" class="primary" disabled={action.busy() || Object.keys(problems()).length > 0}>
              {action.busy() ? 'Saving…' : 'Save company profile'}
            </button>
            <Show when={saved()}>
              <span class="pass" role="status">
                {saved()}
              </span>
            </Show>
          </div>
          <Show when={action.problem()}>{(problem) => <ProblemMessage title="The company profile was not saved" problem={problem()} />}</Show>
        </form>
      )}
    </Show>
  );
}
