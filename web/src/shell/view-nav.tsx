/** The top bar's navigation between views the user may open: a row of links, the current one marked for screen readers too. */
import { For } from 'solid-js';
import { hrefOf, isPlainClick } from './route.ts';
import { visibleViews, type View } from './views.ts';

export function ViewNav(props: { view: View; onView: (view: View) => void }) {
  return (
    <nav class="view-nav" aria-label="Views">
      <For each={visibleViews()}>
        {(v) => (
          <a
            href={hrefOf(v.id)}
            aria-current={props.view === v.id ? 'page' : undefined}
            classList={{ current: props.view === v.id }}
            onClick={(event) => {
              if (!isPlainClick(event)) return;
              event.preventDefault();
              props.onView(v.id);
            }}
          >
            {v.label}
          </a>
        )}
      </For>
    </nav>
  );
}
