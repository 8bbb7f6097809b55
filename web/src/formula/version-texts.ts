/**
 * The text of any version of a formula. The API lists versions without their text and gives a
 * unified diff between two versions, so a version's text is the release's text with the diff
 * from the release to that version applied.
 */
import { applyPatch } from 'diff';
import { api } from '../api/client.ts';
import type { FormulaDetail } from '../api/types.ts';

export async function versionText(release: FormulaDetail, versionId: string): Promise<string> {
  if (versionId === release.version) return release.text;
  const path = `/api/formulas/${encodeURIComponent(release.formula.id)}/diff?from=${encodeURIComponent(release.version)}&to=${encodeURIComponent(versionId)}`;
  const { diff } = await api.get<{ diff: string }>(path);
  const text = applyPatch(release.text, diff);
  if (text === false) throw new Error(`Version ${versionId} could not be rebuilt from its diff with the release.`);
  return text;
}
