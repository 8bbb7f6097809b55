/**
 * The text of any version of a formula. The API lists versions without their text and gives a
 * unified diff between two versions, so a version's text is the release's text with the diff
 * from the release to that version applied.
 */
import { applyPatch } from 'diff';
import { call, endpoints } from '../api/client.ts';
import type { FormulaDetail } from '../api/types.ts';

export async function versionText(release: FormulaDetail, versionId: string): Promise<string> {
  if (versionId === release.version) return release.text;
  const { diff } = await call(endpoints.formulaDiff, { params: { id: release.formula.id }, query: { from: release.version, to: versionId } });
  const text = applyPatch(release.text, diff);
  if (text === false) throw new Error(`Version ${versionId} could not be rebuilt from its diff with the release.`);
  return text;
}
