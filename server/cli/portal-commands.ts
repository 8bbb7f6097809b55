/**
 * `billing portal …`: the customer portal from the command line, through the same services as the
 * Admin view's routes (services/portal-access.ts, portal-settings.ts): invite a client user, list
 * client users and invitations, disable or enable one, show or change the portal's settings.
 * Like `billing user add`, it works on the workspace while the server is not running.
 */
import type { Command } from 'commander';
import { assertUnlocked, ensureWorkspace } from '../../snapshots/store/workspace.ts';
import { clientGrant, portalSettings as settingsSchema } from '../api/portal-access-api.ts';
import { createLoginLimiter } from '../auth/rate-limit.ts';
import { libraryLoader } from '../context.ts';
import { ApiError } from '../errors.ts';
import { changeClientUser, createInvite, describeGrant, listClientAccess, type PortalAccessDeps } from '../services/portal-access.ts';
import { portalSettings, savePortalSettings } from '../services/portal-settings.ts';
import { openPerUse } from '../services/snapshot-sessions.ts';
import { databaseFile, openDatabase } from '../store/database.ts';
import type { CliIo } from './cli-io.ts';

/** Who the audit log names for what the command line does. */
const ACTOR = 'cli';

const list = (text: string, previous: string[] = []) => [
  ...previous,
  ...text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== ''),
];

export function registerPortalCommands(program: Command, io: CliIo): void {
  const portal = program.command('portal').description('the customer portal: client users, invitations and settings');

  portal
    .command('invite')
    .description('invite a client user: prints the link to send them (used once, expiring)')
    .option('--clients <numbers>', 'client numbers, comma-separated (e.g. 1001,1002)', list)
    .option('--billing-code <codes>', 'billing codes, comma-separated: every client with one of them', list)
    .option('--days <n>', 'days the invitation stays valid (1 to 30)', '7')
    .action((options: { clients?: string[]; billingCode?: string[]; days: string }) =>
      withPortal(io, async (deps) => {
        const request = parseOr(
          clientGrant.safeParse({ clientNumbers: options.clients ?? [], billingCodes: options.billingCode ?? [] }),
          'give --clients or --billing-code',
        );
        const days = Number(options.days);
        if (!Number.isInteger(days) || days < 1 || days > 30) throw new ApiError(400, 'bad_request', '--days must be a whole number from 1 to 30', 'days');
        const invite = await createInvite(deps, ACTOR, { grant: request, expiresInDays: days });
        io.out(`Invitation ${invite.id} for ${describeGrant(request)}, valid until ${invite.expiresAt} UTC`);
        io.out(`Link (after the server's address): ${invite.url}`);
      }),
    );

  portal
    .command('users')
    .description('client users and invitations, with what each may see')
    .action(() =>
      withPortal(io, async (deps) => {
        const { users, invites } = await listClientAccess(deps);
        io.out(users.length === 0 ? 'No client users' : 'Client users:');
        for (const user of users)
          io.out(`  ${user.name}  ${describeGrant(user.grant)}  ${user.disabled ? 'disabled' : 'active'}  last login ${user.lastLoginAt ?? 'never'}`);
        const open = invites.filter((invite) => !invite.usedAt && !invite.revokedAt);
        if (open.length > 0) io.out('Open invitations:');
        for (const invite of open) io.out(`  ${invite.id}  ${describeGrant(invite.grant)}  until ${invite.expiresAt} UTC  by ${invite.createdBy}`);
      }),
    );

  for (const [name, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    portal
      .command(`${name} <user>`)
      .description(disabled ? 'disable a client user: their sessions end at once' : 'enable a disabled client user again')
      .action((user: string) =>
        withPortal(io, async (deps) => {
          const changed = await changeClientUser(deps, ACTOR, user, { disabled });
          io.out(`${changed.name} is ${changed.disabled ? 'disabled' : 'active'}`);
        }),
      );
  }

  portal
    .command('settings')
    .description("show the portal's settings as JSON, or change them with the options")
    .option('--open', 'open the portal to client users')
    .option('--close', 'close the portal')
    .option('--every <minutes>', "refresh the current month's snapshot every so many minutes (5 to 1440), or 'off'")
    .option('--source <source>', "refresh from 'demo' data or by 'extract' from BILLING_PORTAL_SOURCE")
    .option('--publish <statistic>', 'publish ID:Title:unit (repeat for each; replaces the list)', (text: string, previous: string[] = []) => [
      ...previous,
      text,
    ])
    .option('--agent-names <on|off>', 'show agent names in drill-downs')
    .option('--name <name>', 'the name the portal shows')
    .option('--primary <colour>', 'the main colour, #rrggbb')
    .option('--accent <colour>', 'the accent colour, #rrggbb')
    .action((options: SettingsOptions) =>
      withPortal(io, async (deps) => {
        const current = await portalSettings(deps);
        const wanted = changedSettings(current, options);
        const shown = wanted === undefined ? current : await savePortalSettings(deps, ACTOR, parseOr(settingsSchema.safeParse(wanted), 'settings'));
        io.out(JSON.stringify({ ...shown, branding: { ...shown.branding, logoUrl: shown.branding.logoUrl ? 'set' : null } }, null, 2));
      }),
    );
}

interface SettingsOptions {
  open?: boolean;
  close?: boolean;
  every?: string;
  source?: string;
  publish?: string[];
  agentNames?: string;
  name?: string;
  primary?: string;
  accent?: string;
}

/** The settings with the options applied (checked by the schema and the service); undefined when no option changes anything. */
function changedSettings(current: Awaited<ReturnType<typeof portalSettings>>, options: SettingsOptions): unknown {
  if (Object.values(options).every((value) => value === undefined)) return undefined;
  if (options.open && options.close) throw new ApiError(400, 'bad_request', 'give --open or --close, not both', 'open');
  const every = options.every === undefined ? current.refresh.everyMinutes : options.every === 'off' ? null : Number(options.every);
  const publishedStatistics =
    options.publish?.map((text) => {
      const [id = '', title = '', unit = ''] = text.split(':');
      return { id, title, unit };
    }) ?? current.publishedStatistics;
  if (options.agentNames !== undefined && !['on', 'off'].includes(options.agentNames))
    throw new ApiError(400, 'bad_request', '--agent-names must be on or off', 'agent-names');
  return {
    ...current,
    enabled: options.open ? true : options.close ? false : current.enabled,
    publishedStatistics,
    showAgentNames: options.agentNames === undefined ? current.showAgentNames : options.agentNames === 'on',
    branding: {
      ...current.branding,
      name: options.name ?? current.branding.name,
      colours: { primary: options.primary ?? current.branding.colours.primary, accent: options.accent ?? current.branding.colours.accent },
    },
    refresh: { everyMinutes: every, source: options.source ?? current.refresh.source },
  };
}

function parseOr<T>(parsed: { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } }, what: string): T {
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.join('.') || what;
  throw new ApiError(400, 'bad_request', `${field}: ${issue?.message ?? 'invalid'}`, field);
}

/** Runs `work` with the portal's services on the workspace (refused while the server has it). */
async function withPortal(io: CliIo, work: (deps: PortalAccessDeps) => Promise<void>): Promise<void> {
  const workspace = io.workspace();
  ensureWorkspace(workspace);
  assertUnlocked(workspace);
  const db = await openDatabase(databaseFile(workspace));
  const now = () => new Date();
  try {
    await work({ db, now, workspace, library: libraryLoader(db, workspace, now), snapshots: openPerUse(workspace), limiter: createLoginLimiter() });
  } finally {
    db.close();
  }
}
