/** What the what-if view asks the server: setups, scenarios (versioned YAML documents) and their comparison. */
import { call, endpoints } from '../api/client.ts';

type DocumentKind = 'setups' | 'scenarios';

/** The stored setups or scenarios, each with its latest version. */
export const listDocuments = async (kind: DocumentKind) =>
  kind === 'setups' ? (await call(endpoints.listSetups)).setups : (await call(endpoints.listScenarios)).scenarios;

export const getDocument = (kind: DocumentKind, name: string) =>
  kind === 'setups' ? call(endpoints.showSetup, { params: { name } }) : call(endpoints.showScenario, { params: { name } });

/** Saves a new version of a scenario; `version` is the one edited (0 for a new scenario). */
export const saveScenario = (name: string, text: string, version: number) =>
  call(endpoints.saveScenario, { params: { name }, headers: { 'if-match': version }, body: { text } });

/**
 * Compares; with `since` (the version of the account rows the page shows) only the rows that changed come back,
 * with `scenarioText` that text is compared rather than the stored version (an edit being saved meanwhile).
 */
export const compare = (snapshot: string, setup: string, scenario: string, since?: string, scenarioText?: string) =>
  call(endpoints.compareScenario, {
    body: { snapshot, setup, scenario, top: 1, everyAccount: true, ...(since ? { since } : {}), ...(scenarioText ? { scenarioText } : {}) },
  });
