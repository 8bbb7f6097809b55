/** The top bar: product, the views, the snapshot picker (on views that work on a snapshot), who is logged in with their role, log out. */
import { createSignal, Show } from 'solid-js';
import type { SnapshotManifest } from '../api/types.ts';
import { logout, user } from '../session/session.ts';
import { SnapshotPicker } from './snapshot-picker.tsx';
import { ViewNav } from './view-nav.tsx';
import { needsSnapshot, type View } from './views.ts';

export function TopBar(props: {
  snapshots: readonly SnapshotManifest[];
  snapshot: string;
  onSnapshot: (id: string) => void;
  view: View;
  onView: (view: View) => void;
}) {
  const [leaving, setLeaving] = createSignal(false);
  return (
    <header class="top-bar">
      <span class="brand">Call Theory Billing</span>
      <ViewNav view={props.view} onView={props.onView} />
      <Show when={props.snapshots.length > 0 && needsSnapshot(props.view)}>
        <SnapshotPicker snapshots={props.snapshots} value={props.snapshot} onChange={props.onSnapshot} />
      </Show>
      <span class="spacer" />
      <Show when={user()}>
        {(current) => (
          <span class="who" role="img" aria-label={`Logged in as ${current().name}, role ${current().role}`}>
            {current().name} <span class={`role role-${current().role}`}>{current().role}</span>
          </span>
        )}
      </Show>
      <button
        type="button"
        disabled={leaving()}
        onClick={() => {
          setLeaving(true);
          void logout().finally(() => setLeaving(false));
        }}
      >
        Log out
      </button>
    </header>
  );
}
