/** The portal's pages as links, the current one marked for assistive technology (`aria-current`). */
import { For } from 'solid-js';
import { followLink, hrefOf, route } from '../shell/route.ts';

const LINKS = [
  { view: 'statistics', label: 'Statistics' },
  { view: 'trends', label: 'Trends' },
  { view: 'invoices', label: 'Invoices' },
] as const;

export function PortalNav() {
  // The drill-down belongs to the statistics it opens from.
  const current = () => (route().view === 'drilldown' ? 'statistics' : PAGES_OF.has(route().view) ? route().view : 'statistics');
  return (
    <nav class="portal-nav" aria-label="Portal">
      <For each={LINKS}>
        {(link) => (
          <a href={hrefOf(link.view)} aria-current={current() === link.view ? 'page' : undefined} onClick={(event) => followLink(event, link.view)}>
            {link.label}
          </a>
        )}
      </For>
    </nav>
  );
}

const PAGES_OF = new Set<string>(LINKS.map((link) => link.view));
