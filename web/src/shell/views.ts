/** The workbench's views, as the top bar's navigation lists them; the route (#what-if, #runs/ID) says which one shows. */
import type { Role } from '../api/types.ts';
import { can } from '../session/session.ts';
import type { Route } from './route.ts';

export type View = 'grid' | 'what-if' | 'reconcile' | 'runs' | 'setup' | 'snapshots' | 'library' | 'reviews' | 'admin';

export interface ViewEntry {
  readonly id: View;
  readonly label: string;
  /** The role a user needs to see the view (everyone when absent). */
  readonly role?: Role;
  /** Whether the view works on the chosen snapshot (so it waits for one); the library and admin views do not. */
  readonly onSnapshot: boolean;
}

export const VIEWS: readonly ViewEntry[] = [
  { id: 'grid', label: 'Grid', onSnapshot: true },
  { id: 'what-if', label: 'What-if', onSnapshot: true },
  { id: 'reconcile', label: 'Reconciliation', onSnapshot: true },
  { id: 'runs', label: 'Billing runs', onSnapshot: true },
  { id: 'setup', label: 'Billing setup', role: 'editor', onSnapshot: true },
  { id: 'snapshots', label: 'Snapshots', onSnapshot: true },
  { id: 'library', label: 'Library', onSnapshot: false },
  { id: 'reviews', label: 'Reviews', role: 'approver', onSnapshot: false },
  { id: 'admin', label: 'Admin', role: 'admin', onSnapshot: false },
];

/** The views the logged-in user may open. */
export function visibleViews(): readonly ViewEntry[] {
  return VIEWS.filter((v) => !v.role || can(v.role));
}

/** The view a route shows: its first segment when the user may open that view, else the grid. */
export function viewOf(route: Route): View {
  return visibleViews().find((v) => v.id === route.view)?.id ?? 'grid';
}

export function needsSnapshot(view: View): boolean {
  return VIEWS.find((v) => v.id === view)?.onSnapshot ?? true;
}
