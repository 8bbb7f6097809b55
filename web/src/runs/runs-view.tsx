/**
 * Billing runs, one page at a time as the address says: the list (start a run, every run with its
 * state and total), a run (`#runs/RUN`: its invoices, actions by role, downloads), one invoice or
 * credit note (`#runs/RUN/invoices/ACCOUNT`: lines and how each was made), the company profile.
 */
import { createMemo, Match, Switch } from 'solid-js';
import { runsOfRoute } from '../shell/paths.ts';
import { route } from '../shell/route.ts';
import { CompanyProfilePage } from './company-profile.tsx';
import { DocumentPage } from './document-page.tsx';
import { RunPage } from './run-page.tsx';
import { RunsList } from './runs-list.tsx';
import './runs.css';

export function RunsView(props: { snapshot: string }) {
  const address = createMemo(() => runsOfRoute(route()), undefined, { equals: (a, b) => JSON.stringify(a) === JSON.stringify(b) });
  const run = createMemo(() => {
    const found = address();
    return found.page === 'run' ? found : null;
  });
  const document = createMemo(() => {
    const found = address();
    return found.page === 'document' ? found : null;
  });
  return (
    <main class="view runs" aria-label="Billing runs">
      <Switch>
        <Match when={address().page === 'company-profile'}>
          <CompanyProfilePage />
        </Match>
        <Match when={document()} keyed>
          {(found) => <DocumentPage runId={found.runId} kind={found.kind} account={found.account} />}
        </Match>
        <Match when={run()} keyed>
          {(found) => <RunPage runId={found.runId} />}
        </Match>
        <Match when={address().page === 'list'}>
          <RunsList snapshot={props.snapshot} />
        </Match>
      </Switch>
    </main>
  );
}
