/**
 * Where the user is in a reconciliation, as its address says, so a reload or a link finds it as it
 * was: `#reconcile/ID`, with the status filter when it is not the default (`/show/accepted`) and the
 * selected cell (`/cell/1002/SecCalls`).
 */
import { reconcilePath } from '../shell/paths.ts';
import { pathOf, type Route } from '../shell/route.ts';
import { STATUS_FILTERS, type StatusFilter } from './reconcile-api.ts';

export interface ReconcileAddress {
  readonly id?: string;
  readonly filter: StatusFilter;
  readonly cell?: { readonly clientNumber: string; readonly statistic: string };
}

/** @example addressOf(parseRoute('#reconcile/r1/show/accepted/cell/1002/SecCalls')) // { id: 'r1', filter: 'accepted', cell: { clientNumber: '1002', statistic: 'SecCalls' } } */
export function addressOf(route: Route): ReconcileAddress {
  if (route.view !== 'reconcile' || !route.segments[0]) return { filter: 'open' };
  const [id, ...rest] = route.segments;
  const at = (name: string) => rest.indexOf(name);
  const shown = rest[at('show') + 1];
  const filter = at('show') >= 0 && STATUS_FILTERS.some((f) => f.id === shown) ? (shown as StatusFilter) : 'open';
  const [clientNumber, statistic] = at('cell') >= 0 ? rest.slice(at('cell') + 1, at('cell') + 3) : [];
  return { id, filter, ...(clientNumber && statistic ? { cell: { clientNumber, statistic } } : {}) };
}

/** The path of an address (without `#`), as `navigate` takes it. */
export function pathOfAddress(address: ReconcileAddress): string {
  if (!address.id) return reconcilePath();
  return pathOf(
    'reconcile',
    address.id,
    ...(address.filter !== 'open' ? ['show', address.filter] : []),
    ...(address.cell ? ['cell', address.cell.clientNumber, address.cell.statistic] : []),
  );
}
