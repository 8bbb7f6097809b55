/** What the setup editor asks the server: setups and their versions, checks, the review steps, and what a setup may name. */
import type { Output } from '../../../server/api/endpoint.ts';
import { call, endpoints } from '../api/client.ts';

export type SetupSummary = Output<typeof endpoints.listSetups>['setups'][number];
export type SetupVersion = Output<typeof endpoints.showSetup>;
export type SetupVersionSummary = Output<typeof endpoints.listSetupVersions>['versions'][number];
export type SetupProblem = Output<typeof endpoints.checkSetup>['problems'][number];
export type SetupChoices = Output<typeof endpoints.setupChoices>;
export type ReviewState = SetupVersion['state'];

export const listSetups = async () => (await call(endpoints.listSetups)).setups;

export const showSetup = (name: string, version?: number) =>
  version === undefined ? call(endpoints.showSetup, { params: { name } }) : call(endpoints.showSetupVersion, { params: { name, version: String(version) } });

export const listVersions = async (name: string) => (await call(endpoints.listSetupVersions, { params: { name } })).versions;

/** Saves a new version; `version` is the one edited (0 for a new setup). */
export const saveSetup = (name: string, text: string, version: number) =>
  call(endpoints.saveSetup, { params: { name }, headers: { 'if-match': version }, body: { text } });

export const checkSetup = (name: string, text: string, snapshot: string, signal: AbortSignal) =>
  call(endpoints.checkSetup, { params: { name }, body: { text, snapshot }, signal });

export const setupChoices = (snapshot: string) => call(endpoints.setupChoices, { query: { snapshot } });

export const submitSetup = (name: string, version: number) => call(endpoints.submitSetup, { params: { name, version: String(version) } });

export const approveSetup = (name: string, version: number, comment: string) =>
  call(endpoints.approveSetup, { params: { name, version: String(version) }, body: comment.trim() ? { comment } : {} });

export const rejectSetup = (name: string, version: number, comment: string) =>
  call(endpoints.rejectSetup, { params: { name, version: String(version) }, body: { comment } });

/** How a review state reads. */
export const STATE_TEXT: Record<ReviewState, string> = { draft: 'not submitted', in_review: 'in review', approved: 'approved', rejected: 'rejected' };
