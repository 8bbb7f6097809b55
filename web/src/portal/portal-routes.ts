/**
 * The portal's addresses (hash routes inside /portal), built and read in one place:
 *
 * | address                                   | shows                                                       |
 * | ----------------------------------------- | ----------------------------------------------------------- |
 * | `#login`                                  | the login form                                              |
 * | `#invite/TOKEN`                           | accepting an invite: choose a name and a password           |
 * | `#statistics/PERIOD`                      | the published statistics of a period, per client            |
 * | `#trends/STATISTIC[/PERIOD[/CLIENT]]`     | daily (in PERIOD) and monthly charts of a statistic, tables |
 * | `#drilldown/STATISTIC/PERIOD[/CLIENT]`    | the calls and messages behind a number, paged, downloadable |
 * | `#invoices`                               | finalised invoices and their PDFs                           |
 */
import { pathOf } from '../shell/route.ts';

export const PUBLIC_VIEWS = new Set(['login', 'invite']);
export const PAGES = ['statistics', 'trends', 'drilldown', 'invoices'] as const;
export type Page = (typeof PAGES)[number];

export const statisticsPath = (period?: string) => pathOf('statistics', ...(period ? [period] : []));

export const trendsPath = (statistic?: string, period?: string, client?: string) =>
  pathOf('trends', ...[statistic, period, client].filter((segment): segment is string => Boolean(segment)));

export const drilldownPath = (statistic: string, period: string, client?: string) => pathOf('drilldown', statistic, period, ...(client ? [client] : []));
