/**
 * Extract a snapshot from a live IS database (admins): the source URL, its password, the period and
 * optionally a client range; the job's progress shows live, and a failed connection says why.
 * The password goes to the server in the request body only: it is never shown, and it is cleared
 * once the snapshot exists so it does not linger in the page.
 */
import { createSignal, Show } from 'solid-js';
import { createJobAction } from '../jobs/job-action.ts';
import { JobProgress } from '../jobs/job-progress.tsx';
import { InlineField } from '../ui/field.tsx';
import { ProblemMessage } from '../ui/problem-message.tsx';
import { lastMonth, startExtraction, type ExtractRequest } from './snapshots-api.ts';

const CLIENT_NUMBER = /^\d{1,12}$/;

/** Why the client range cannot be sent, or null: both ends or neither, digits only (as the server checks). */
export function clientRangeError(from: string, to: string): string | null {
  if (!from && !to) return null;
  if (!from || !to) return 'Give both ends of the client range, or neither for every client.';
  if (!CLIENT_NUMBER.test(from) || !CLIENT_NUMBER.test(to)) return 'Client numbers are digits only.';
  return null;
}

export function ExtractForm(props: { onCreated: (id: string) => void }) {
  const [source, setSource] = createSignal('');
  const [password, setPassword] = createSignal('');
  const [period, setPeriod] = createSignal(lastMonth());
  const [from, setFrom] = createSignal('');
  const [to, setTo] = createSignal('');
  const action = createJobAction('extraction_failed');
  const rangeError = () => clientRangeError(from().trim(), to().trim());

  const extract = async () => {
    const body: ExtractRequest = {
      source: source().trim(),
      period: period().trim(),
      ...(password() ? { password: password() } : {}),
      ...(from().trim() ? { clients: { from: from().trim(), to: to().trim() } } : {}),
    };
    const ended = await action.run(() => startExtraction(body));
    if (ended?.status !== 'succeeded') return;
    setPassword('');
    props.onCreated(String(ended.result?.snapshot ?? ''));
  };

  return (
    <form
      class="view-toolbar extract-form"
      aria-label="Extract a snapshot from a live IS database"
      onSubmit={(event) => {
        event.preventDefault();
        if (!rangeError()) void extract();
      }}
    >
      <h3 class="extract-title">Extract from IS</h3>
      <InlineField label="Source URL">
        <input
          name="source"
          value={source()}
          size={44}
          required
          autocomplete="off"
          spellcheck={false}
          placeholder="postgres://user@host:5432/IS or mssql://user@host:1433/IS"
          onInput={(e) => setSource(e.currentTarget.value)}
        />
      </InlineField>
      <InlineField label="Source password">
        <input
          name="source-password"
          type="password"
          autocomplete="off"
          value={password()}
          size={16}
          title="Leave empty to use the server's BILLING_SOURCE_PASSWORD"
          onInput={(e) => setPassword(e.currentTarget.value)}
        />
      </InlineField>
      <InlineField label="Period to extract">
        <input
          name="extract-period"
          value={period()}
          size={24}
          required
          placeholder="2026-10 or 2026-10-01..2026-10-07"
          onInput={(e) => setPeriod(e.currentTarget.value)}
        />
      </InlineField>
      <InlineField label="Clients from">
        <input
          name="clients-from"
          inputmode="numeric"
          value={from()}
          size={8}
          placeholder="all"
          aria-invalid={rangeError() ? 'true' : undefined}
          onInput={(e) => setFrom(e.currentTarget.value)}
        />
      </InlineField>
      <InlineField label="Clients to">
        <input
          name="clients-to"
          inputmode="numeric"
          value={to()}
          size={8}
          placeholder="all"
          aria-invalid={rangeError() ? 'true' : undefined}
          onInput={(e) => setTo(e.currentTarget.value)}
        />
      </InlineField>
      <button type="submit" class="primary" disabled={action.running() || !source().trim() || !period().trim() || rangeError() !== null}>
        Extract snapshot
      </button>
      <Show when={rangeError()}>{(why) => <p class="field-error">{why()}</p>}</Show>
      <Show when={action.job()}>{(current) => <JobProgress job={current()} />}</Show>
      <Show when={action.problem()}>{(found) => <ProblemMessage title="The snapshot was not extracted" problem={found()} />}</Show>
    </form>
  );
}
