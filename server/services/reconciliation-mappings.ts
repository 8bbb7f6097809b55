/**
 * Column mappings of legacy file layouts: a header a file writes (e.g. "Secretarial Calls") read as
 * the statistic it holds, saved once per layout and applied to every later file of that layout.
 */
import type { ColumnMapping } from '../../engine/reconcile/legacy-export.ts';
import type { Reader } from '../store/database.ts';

/** Every saved mapping, by layout (a handful of layouts per site: read whole, then looked up while a file is read). */
export async function allColumnMappings(db: Reader): Promise<Map<string, ColumnMapping>> {
  const byLayout = new Map<string, Map<string, string>>();
  for (const row of await db.all('SELECT layout, header, statistic FROM column_mappings ORDER BY layout, header')) {
    const layout = String(row.layout);
    const mapping = byLayout.get(layout) ?? new Map<string, string>();
    byLayout.set(layout, mapping);
    mapping.set(String(row.header), String(row.statistic));
  }
  return byLayout;
}
