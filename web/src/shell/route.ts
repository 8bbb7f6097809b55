/**
 * Where the user is, as the address says: `#<view>` or `#<view>/<segment>/<segment>…`, e.g.
 * `#runs/2026-10-ab12/invoices/ACME`, `#grid/formula/AnsweredCalls`, `#reconcile/17`, `#setup/standard`.
 * One signal holds the current route; `navigate` pushes a history entry (or replaces the current
 * one), and Back, Forward, a typed address or a reload are read back from the hash, so every
 * view and selected object has an address that keeps the user where they were.
 *
 *   navigate(pathOf('runs', run.id));        // #runs/2026-10-ab12, Back returns here
 *   const id = () => route().segments[0];    // reactive
 */
import { createSignal } from 'solid-js';

export interface Route {
  /** The first segment: which view (`grid` when the address names none). */
  readonly view: string;
  /** The segments after the view, decoded. */
  readonly segments: readonly string[];
}

const DEFAULT_VIEW = 'grid';

/** The route a hash names: `#runs/R1/invoices/A%20B` → { view: 'runs', segments: ['R1', 'invoices', 'A B'] }. */
export function parseRoute(hash: string): Route {
  const [view, ...segments] = hash
    .replace(/^#\/?/, '')
    .split('/')
    .filter((segment) => segment !== '')
    .map(decodeSegment);
  return { view: view || DEFAULT_VIEW, segments };
}

/** A path from its segments, each encoded (a `/` or a space in an account name stays one segment): pathOf('runs', 'R1') → 'runs/R1'. */
export function pathOf(...segments: readonly string[]): string {
  return segments.map(encodeURIComponent).join('/');
}

/** The path of a route, as `navigate` takes it. */
export function pathOfRoute(route: Route): string {
  return pathOf(route.view, ...route.segments);
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment; // a malformed escape typed by hand: keep it as typed rather than fail
  }
}

const currentHash = () => (typeof location === 'undefined' ? '' : location.hash);

const [route, setRoute] = createSignal<Route>(parseRoute(currentHash()), {
  equals: (a, b) => pathOfRoute(a) === pathOfRoute(b),
});

/** The current route (reactive). */
export { route };

/**
 * Goes to `path` (`runs/R1`, without `#`): a new history entry, or with `replace` the current one
 * rewritten (for a state the user should not step back through, e.g. a tab switch or a redirect).
 * Going where the user already is adds no entry.
 */
export function navigate(path: string, { replace = false }: { replace?: boolean } = {}): void {
  const next = parseRoute(path);
  const hash = `#${pathOfRoute(next)}`;
  if (hash !== currentHash()) {
    if (replace) history.replaceState(history.state, '', hash);
    else history.pushState(null, '', hash);
  }
  setRoute(next);
}

/** The address to put in a link's href for `path`, so a middle-click or "copy link" works too. */
export function hrefOf(path: string): string {
  return `#${pathOfRoute(parseRoute(path))}`;
}

/** Whether a click on a link is a plain one (the page follows it) rather than for a new tab or window (the browser's). */
export function isPlainClick(event: MouseEvent): boolean {
  return event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;
}

/** A link's click that stays in the page: `<a href={hrefOf(path)} onClick={(e) => followLink(e, path)}>`. */
export function followLink(event: MouseEvent, path: string): void {
  if (!isPlainClick(event)) return;
  event.preventDefault();
  navigate(path);
}

if (typeof window !== 'undefined') {
  // pushState fires neither event; Back/Forward fire popstate (and hashchange), a typed address hashchange.
  const fromAddress = () => setRoute(parseRoute(location.hash));
  window.addEventListener('popstate', fromAddress);
  window.addEventListener('hashchange', fromAddress);
}
