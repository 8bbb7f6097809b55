/** The formula choices a scenario may swap in: the active release's formulas and a formula's versions. */
import { call, endpoints } from '../api/client.ts';

/** Each formula of the active release with the statistic it stands for and its version there. */
export const listReleaseFormulas = async () => (await call(endpoints.listFormulas)).formulas;

export const listFormulaVersions = async (id: string) => (await call(endpoints.formulaVersions, { params: { id } })).versions;
