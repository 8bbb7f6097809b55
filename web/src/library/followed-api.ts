/**
 * Followed community libraries over the API: list and follow them, see what changed upstream (on a
 * snapshot, with a setup), move the pin, adopt formulas as drafts, the consensus of variants, and
 * publishing as local branches of the library's clone.
 */
import type { Output } from '../../../server/api/endpoint.ts';
import { call, endpoints } from '../api/client.ts';

export type FollowedLibrary = Output<typeof endpoints.listLibraries>['libraries'][number];
export type LibraryChanges = Output<typeof endpoints.libraryChanges>;
export type LibraryUpdate = LibraryChanges['update'];
export type UpstreamFormula = LibraryUpdate['formulas'][number];
export type ResultChange = NonNullable<LibraryChanges['results']>[number];
export type FormulaMoney = NonNullable<LibraryChanges['money']>['formulas'][number];
export type ConsensusStatistic = Output<typeof endpoints.libraryConsensus>['statistics'][number];
export type Adoption = Output<typeof endpoints.adoptLibraryFormulas>['adoptions'][number];
export type Proposal = Output<typeof endpoints.proposeToLibrary>;
export type AdoptionRecord = Output<typeof endpoints.recordLibraryAdoption>;

/** Clients and accounts listed per formula (the counts and totals say the rest). */
export const SHOWN = 20;

export const listFollowed = async () => (await call(endpoints.listLibraries)).libraries;

export const followLibrary = async (name: string, url: string) => (await call(endpoints.followLibrary, { body: { name, url } })).library;

/** What changed upstream since the pin; the pin stays. */
export const upstreamChanges = (name: string, snapshot: string | undefined, setup: string | undefined) =>
  call(endpoints.libraryChanges, { params: { name }, query: { snapshot, setup, top: SHOWN } });

/** Moves the pin to upstream's latest commit. */
export const moveThePin = async (name: string) => (await call(endpoints.updateLibrary, { params: { name } })).update;

export const adoptFormulas = async (name: string, formulas: readonly string[]) =>
  (await call(endpoints.adoptLibraryFormulas, { params: { name }, body: { formulas: [...formulas] } })).adoptions;

export const consensusOf = async (name: string, snapshot: string | undefined) =>
  (await call(endpoints.libraryConsensus, { params: { name }, query: { snapshot } })).statistics;

export const proposeFormulas = (name: string, request: { package: string; formulas: readonly string[]; level: 'major' | 'minor' | 'patch' }) =>
  call(endpoints.proposeToLibrary, { params: { name }, body: { ...request, formulas: [...request.formulas] } });

export const recordAdoption = (name: string, site: string) => call(endpoints.recordLibraryAdoption, { params: { name }, body: { site } });

/** The approved setups, to price an update with. */
export const approvedSetupNames = async () =>
  (await call(endpoints.listSetups)).setups.filter((setup) => setup.approvedVersion !== null).map((setup) => setup.name);

export const listSnapshots = async () => [...(await call(endpoints.listSnapshots)).snapshots].sort((a, b) => b.createdAt.localeCompare(a.createdAt));

/** A commit as people read it. */
export const shortCommit = (commit: string): string => commit.slice(0, 7);
