/**
 * The portal's settings: open or closed, branding (name, logo, colours with their contrast), the
 * published statistics with client-friendly titles and units, agent names, and the refresh
 * schedule. Saved as a whole; a refusal's message shows at the field the server names.
 */
import { createSignal, Show } from 'solid-js';
import { createAction } from '../ui/action.ts';
import { FieldError, invalidAttributes } from '../ui/field-error.tsx';
import { ProblemMessage } from '../ui/problem-message.tsx';
import { PortalBrandingFields } from './portal-branding-fields.tsx';
import { errorAt, type PortalAdmin, type PortalSettings, savePortal } from './portal-admin-api.ts';
import { PortalStatisticsFields } from './portal-statistics-fields.tsx';

export function PortalSettingsForm(props: { admin: PortalAdmin; onSaved: (saved: PortalAdmin) => void }) {
  const [settings, setSettings] = createSignal<PortalSettings>(structuredClone(props.admin.settings));
  const [status, setStatus] = createSignal('');
  const action = createAction();
  const problem = () => action.problem();
  const at = (field: string) => errorAt(problem(), `settings.${field}`);
  const change = (update: (current: PortalSettings) => PortalSettings) => {
    setSettings(update(settings()));
    setStatus('');
  };

  const save = () =>
    action.run(async () => {
      const saved = await savePortal(settings());
      setSettings(structuredClone(saved.settings));
      setStatus(saved.settings.enabled ? 'Saved. The portal is open to client users.' : 'Saved. The portal is closed.');
      props.onSaved(saved);
    });

  return (
    <form
      class="portal-settings"
      aria-label="Portal settings"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <label class="check">
        <input type="checkbox" checked={settings().enabled} onChange={(e) => change((s) => ({ ...s, enabled: e.currentTarget.checked }))} />
        Open the portal to client users
      </label>
      <PortalBrandingFields
        branding={settings().branding}
        onChange={(branding) => change((s) => ({ ...s, branding }))}
        errorAt={(field) => at(`branding.${field}`)}
      />
      <PortalStatisticsFields
        statistics={settings().publishedStatistics}
        onChange={(publishedStatistics) => change((s) => ({ ...s, publishedStatistics }))}
        errorAt={(field) => at(`publishedStatistics${field ? `.${field}` : ''}`)}
      />
      <label class="check">
        <input type="checkbox" checked={settings().showAgentNames} onChange={(e) => change((s) => ({ ...s, showAgentNames: e.currentTarget.checked }))} />
        Show agent names in the calls behind a number
      </label>
      <fieldset>
        <legend>Refresh of the current period</legend>
        <div class="portal-fields">
          <label for="portal-refresh-every">Every (minutes; empty: only when asked)</label>
          <input
            id="portal-refresh-every"
            type="number"
            min="5"
            max="1440"
            value={settings().refresh.everyMinutes ?? ''}
            onInput={(e) => {
              const text = e.currentTarget.value.trim();
              change((s) => ({ ...s, refresh: { ...s.refresh, everyMinutes: text === '' ? null : Number(text) } }));
            }}
            {...invalidAttributes('portal-refresh-every', at('refresh.everyMinutes'))}
          />
          <FieldError for="portal-refresh-every" error={at('refresh.everyMinutes')} />
          <label for="portal-refresh-source">From</label>
          <select
            id="portal-refresh-source"
            value={settings().refresh.source}
            onChange={(e) => change((s) => ({ ...s, refresh: { ...s.refresh, source: e.currentTarget.value as 'demo' | 'extract' } }))}
          >
            <option value="demo">the demo data</option>
            <option value="extract">the IS database (extraction)</option>
          </select>
        </div>
      </fieldset>
      <div class="view-toolbar">
        <button type="submit" class="primary" disabled={action.busy()}>
          Save portal settings
        </button>
        <span class="portal-admin-status" role="status">
          {status()}
        </span>
      </div>
      <Show when={problem() && !problem()?.field?.startsWith('settings.')}>
        <ProblemMessage title="The settings were not saved" problem={problem() as NonNullable<ReturnType<typeof problem>>} />
      </Show>
    </form>
  );
}
