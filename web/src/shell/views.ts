/** The workbench's views, as the top bar's navigation lists them; the hash (#what-if) remembers the current one. */
export type View = 'grid' | 'what-if' | 'reconcile' | 'runs' | 'snapshots';

export const VIEWS: readonly { readonly id: View; readonly label: string }[] = [
  { id: 'grid', label: 'Grid' },
  { id: 'what-if', label: 'What-if' },
  { id: 'reconcile', label: 'Reconciliation' },
  { id: 'runs', label: 'Billing runs' },
  { id: 'snapshots', label: 'Snapshots' },
];

export function viewFromHash(hash: string): View {
  const id = hash.replace(/^#/, '');
  return VIEWS.find((v) => v.id === id)?.id ?? 'grid';
}
