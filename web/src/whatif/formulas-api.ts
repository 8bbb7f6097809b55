/** The formula choices a scenario may swap in: the active release's formulas and a formula's versions. */
import { api } from '../api/client.ts';
import type { FormulaSummary, FormulaVersion } from '../api/types.ts';

export type { FormulaVersion };

/** A formula of the active release with the statistic it stands for and its version there. */
export interface ReleaseFormula extends FormulaSummary {
  /** Legacy and consensus variants of one statistic share this. */
  readonly statistic: string;
  /** The version id in the active release. */
  readonly version: string;
}

export const listReleaseFormulas = async (): Promise<ReleaseFormula[]> => (await api.get<{ formulas: ReleaseFormula[] }>('/api/formulas')).formulas;

export const listFormulaVersions = async (id: string): Promise<FormulaVersion[]> =>
  (await api.get<{ versions: FormulaVersion[] }>(`/api/formulas/${encodeURIComponent(id)}/versions`)).versions;
