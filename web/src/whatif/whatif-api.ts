/** What the what-if view asks the server: setups, scenarios (versioned YAML documents) and their comparison. */
import type { AccountTotals } from '../../../engine/rating/compare.ts';
import { api } from '../api/client.ts';

export type { AccountTotals };

export interface StoredDocument {
  readonly name: string;
  readonly version: number;
  readonly text: string;
}

export interface Comparison {
  readonly totals: { readonly before: string; readonly after: string; readonly change: string };
  readonly counts: { readonly up: number; readonly down: number; readonly same: number };
  readonly requeried: boolean;
  readonly everyAccount: readonly AccountTotals[];
}

export const listDocuments = async (kind: 'setups' | 'scenarios'): Promise<{ name: string; version: number }[]> => {
  const body = await api.get<Record<string, { name: string; version: number | string }[]>>(`/api/${kind}`);
  return (body[kind] ?? []).map((d) => ({ name: d.name, version: Number(d.version) }));
};

export const getDocument = (kind: 'setups' | 'scenarios', name: string) => api.get<StoredDocument>(`/api/${kind}/${encodeURIComponent(name)}`);

/** Saves a new version of a scenario; `version` is the one edited (0 for a new scenario). */
export const saveScenario = (name: string, text: string, version: number) =>
  api.put<StoredDocument>(`/api/scenarios/${encodeURIComponent(name)}`, { text }, { 'if-match': String(version) });

export const compare = (snapshot: string, setup: string, scenario: string) =>
  api.post<Comparison>('/api/scenarios/compare', { snapshot, setup, scenario, top: 1, everyAccount: true });
