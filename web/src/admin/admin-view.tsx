/** Administration (admins only): users and their roles, the customer portal, and the audit log. */
import { createSignal } from 'solid-js';
import { AuditLog } from './audit-log.tsx';
import { PortalPanel } from './portal-panel.tsx';
import { UsersPanel } from './users-panel.tsx';
import './admin.css';

export function AdminView() {
  // Every user change is audited, so the log below reloads after one.
  const [changes, setChanges] = createSignal(0);
  return (
    <main class="view admin" aria-label="Admin">
      <UsersPanel onChanged={() => setChanges((n) => n + 1)} />
      <PortalPanel onChanged={() => setChanges((n) => n + 1)} />
      <AuditLog refreshes={changes()} />
    </main>
  );
}
