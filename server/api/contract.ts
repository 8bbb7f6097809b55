/**
 * Every endpoint of the API, by name: the server mounts a handler on each (and refuses to start
 * if one is missing), the OpenAPI document is made from them, and the web calls them by name.
 */
import * as billing from './billing-api.ts';
import * as formulas from './formulas-api.ts';
import * as invoices from './invoices-api.ts';
import * as portalAccess from './portal-access-api.ts';
import * as portalData from './portal-api.ts';
import * as library from './library-api.ts';
import * as reconcile from './reconcile-api.ts';
import * as reviews from './reviews-api.ts';
import * as session from './session-api.ts';
import * as snapshots from './snapshots-api.ts';
import * as workbench from './workbench-api.ts';
import type { Endpoint } from './endpoint.ts';

const onlyEndpoints = <M extends Record<string, unknown>>(module: M) =>
  Object.fromEntries(Object.entries(module).filter(([, value]) => isEndpoint(value))) as { [K in keyof M as M[K] extends Endpoint ? K : never]: M[K] };

function isEndpoint(value: unknown): value is Endpoint {
  return typeof value === 'object' && value !== null && 'method' in value && 'path' in value && 'reply' in value;
}

export const api = {
  ...onlyEndpoints(session),
  ...onlyEndpoints(snapshots),
  ...onlyEndpoints(formulas),
  ...onlyEndpoints(billing),
  ...onlyEndpoints(invoices),
  ...onlyEndpoints(workbench),
  ...onlyEndpoints(reconcile),
  ...onlyEndpoints(reviews),
  ...onlyEndpoints(portalAccess),
  ...onlyEndpoints(portalData),
  ...onlyEndpoints(library),
};

export type Api = typeof api;
export type EndpointName = keyof Api;
