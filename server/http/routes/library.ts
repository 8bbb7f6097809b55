/**
 * Followed community libraries over HTTP, each route a thin call of the service the command line
 * uses. git operations on one library's clone take turns: a second one asked for while one runs
 * is refused (409 already_running) rather than run over the first in the same folder.
 */
import { changeOf } from '../../../engine/diff/delta.ts';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { api } from '../../api/contract.ts';
import type { AppEnv } from '../../auth/middleware.ts';
import type { ServerContext } from '../../context.ts';
import { ApiError } from '../../errors.ts';
import { recordAdoption } from '../../services/library-adoptions.ts';
import { libraryChanges } from '../../services/library-changes.ts';
import { libraryConsensus } from '../../services/library-consensus.ts';
import { proposeFormulas } from '../../services/library-proposals.ts';
import { adoptFormulas, followLibrary, listFollowed, packagesAt } from '../../services/library-subscriptions.ts';
import { cloneDir } from '../../services/library-follows.ts';
import type { ReviewDeps } from '../../services/review.ts';
import { mount } from '../openapi.ts';

export function libraryRoutes(app: OpenAPIHono<AppEnv>, ctx: ServerContext): void {
  const review: ReviewDeps = { db: ctx.db, now: ctx.now, library: () => ctx.library(), approvalsRequired: ctx.settings.approvalsRequired };
  const busy = new Set<string>();
  /** Runs `work` as the one git operation on library `name` (the clone is one folder). */
  const inTurn = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    if (busy.has(name)) throw new ApiError(409, 'already_running', `library ${name} is being fetched or changed by another request: try again in a moment`);
    busy.add(name);
    try {
      return await work();
    } finally {
      busy.delete(name);
    }
  };

  mount(app, ctx.settings, api.listLibraries, async () => ({ libraries: await listFollowed(ctx.workspace) }));

  mount(app, ctx.settings, api.followLibrary, (_, { body }) =>
    inTurn(body.name, async () => {
      const { follow } = await followLibrary(ctx.workspace, body.name, body.url, { now: ctx.now });
      return { library: { ...follow, packages: await packagesAt(cloneDir(ctx.workspace, follow.name), follow.commit) } };
    }),
  );

  mount(app, ctx.settings, api.libraryChanges, (_, { params, query }) =>
    inTurn(params.name, async () => {
      const deps = { db: ctx.db, snapshots: ctx.snapshots, library: await ctx.library(), results: ctx.results, ratings: ctx.ratings };
      const [found] = await libraryChanges(deps, ctx.workspace, { name: params.name, look: true, ...query, now: ctx.now });
      if (!found) throw new ApiError(404, 'not_found', `the workspace follows no library ${params.name}`);
      const { update, results, money } = found;
      return {
        update,
        ...(results
          ? {
              results: results.map(({ clients, ...result }) => ({
                ...result,
                moved: clients.length,
                clients: clients.slice(0, query.top).map((delta) => ({
                  client: delta.key.join(' '),
                  before: delta.before.kind === 'value' ? delta.before.value : '0',
                  after: delta.after.kind === 'value' ? delta.after.value : '0',
                  // A client the formula gives no row counts 0, as in the report.
                  change: changeOf(delta).toString(),
                })),
              })),
            }
          : {}),
        ...(money ? { money } : {}),
      };
    }),
  );

  mount(app, ctx.settings, api.updateLibrary, (_, { params }) =>
    inTurn(params.name, async () => {
      const [found] = await libraryChanges({ snapshots: ctx.snapshots, library: await ctx.library() }, ctx.workspace, {
        name: params.name,
        look: false,
        top: 1,
        now: ctx.now,
      });
      if (!found) throw new ApiError(404, 'not_found', `the workspace follows no library ${params.name}`);
      return { update: found.update };
    }),
  );

  mount(app, ctx.settings, api.adoptLibraryFormulas, (_, { user, params, body }) =>
    inTurn(params.name, async () => ({
      adoptions: (await adoptFormulas(review, ctx.workspace, params.name, body.formulas, user.name)).map((adoption) => ({
        formulaId: adoption.formulaId,
        path: adoption.path,
        ...(adoption.draft ? { draftId: adoption.draft.draftId } : {}),
        ...(adoption.unchanged ? { unchanged: true } : {}),
      })),
    })),
  );

  mount(app, ctx.settings, api.libraryConsensus, (_, { params, query }) =>
    inTurn(params.name, async () => {
      const rows = await libraryConsensus(ctx.workspace, params.name, query, { library: await ctx.library(), snapshots: ctx.snapshots });
      return {
        statistics: rows.map((row) => ({
          statistic: row.statistic,
          variants: row.variants.map((variant) => ({ ...variant, ...row.results?.get(variant.formulaId) })),
          pairs: [...(row.pairs ?? [])],
        })),
      };
    }),
  );

  mount(app, ctx.settings, api.proposeToLibrary, (_, { params, body }) =>
    inTurn(params.name, async () => {
      const proposal = await proposeFormulas(review, ctx.workspace, { library: params.name, ...body });
      return { ...proposal, push: pushCommand(proposal.clone, proposal.branch) };
    }),
  );

  mount(app, ctx.settings, api.recordLibraryAdoption, (_, { params, body }) =>
    inTurn(params.name, async () => {
      // The record names what the active release runs: load it, which publishes it for the record's reading.
      await ctx.library();
      const made = await recordAdoption(ctx.workspace, { library: params.name, ...body, now: ctx.now });
      return {
        clone: made.clone,
        branch: made.branch,
        commit: made.commit,
        push: pushCommand(made.clone, made.branch),
        file: made.file,
        release: made.record.release,
        formulas: made.record.formulas.map(({ package: pkg, version, formula }) => ({ package: pkg, version, formula })),
      };
    }),
  );
}

/** The command that publishes a branch, for the user to run: the product pushes nothing. */
const pushCommand = (clone: string, branch: string): string => `git -C ${clone} push origin ${branch}`;
