/**
 * Followed community libraries (docs/library.md): follow one by git URL or folder, see what changed
 * upstream (SQL, fixtures, results on a snapshot, money with a setup), move the pin, adopt formulas
 * as drafts, the consensus of variants, and publishing (a proposal, an adoption record) as a local
 * branch of the library's clone — nothing is pushed. Viewers read; editors change.
 */
import { z } from 'zod';
import { endpoint } from './endpoint.ts';

const money = z.string();
const libraryName = z.string().min(1).max(60);
const formulaIds = z.array(z.string().min(1).max(120)).min(1).max(200);
/** A new branch's name, as git takes it (never an option). */
const branchName = z
  .string()
  .max(200)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._/-]*$/, 'a branch name starts with a letter or digit and has letters, digits, . _ / -');

const packageVersion = z.object({ name: z.string(), version: z.string() });

const followedLibrary = z.object({
  name: z.string(),
  /** Where it is fetched from: a git URL or a folder. */
  url: z.string(),
  /** The commit the workspace takes formulas from. */
  commit: z.string(),
  followedAt: z.string(),
  updatedAt: z.string(),
  packages: z.array(packageVersion),
});

const change = z.enum(['added', 'removed', 'changed']);

const libraryUpdate = z.object({
  name: z.string(),
  from: z.string(),
  to: z.string(),
  packages: z.array(z.object({ name: z.string(), from: z.string().optional(), to: z.string().optional() })),
  formulas: z.array(z.object({ path: z.string(), formulaId: z.string(), change, sqlDiff: z.string(), sqlBefore: z.string(), sqlAfter: z.string() })),
  fixtures: z.array(z.object({ path: z.string(), change, diff: z.string(), before: z.string(), after: z.string() })),
  moved: z.boolean(),
});

const resultChange = z.object({
  formulaId: z.string(),
  /** How many clients' values move. */
  moved: z.number().int(),
  /** The first of them (at most `top`), by ClientNumber. */
  clients: z.array(z.object({ client: z.string(), before: z.string(), after: z.string(), change: z.string() })),
  totalBefore: z.string(),
  totalAfter: z.string(),
  error: z.string().optional(),
});

const formulaMoney = z.object({
  formulaId: z.string(),
  money: z
    .object({
      snapshot: z.string(),
      statistics: z.array(z.string()),
      currency: z.string(),
      totals: z.object({ before: money, after: money, change: money }),
      counts: z.object({ up: z.number().int(), down: z.number().int(), same: z.number().int() }),
      accounts: z.array(z.object({ account: z.string(), before: money, after: money, change: money })),
    })
    .optional(),
  error: z.string().optional(),
});

export const listLibraries = endpoint({
  method: 'get',
  path: '/api/library/followed',
  summary: "The community libraries the workspace follows: URL or folder, pinned commit, each package's version at the pin",
  access: 'viewer',
  tag: 'library',
  reply: { json: z.object({ libraries: z.array(followedLibrary) }) },
});

export const followLibrary = endpoint({
  method: 'post',
  path: '/api/library/followed',
  summary: 'Follow a library by git URL or folder, pinned to its current commit (git is run with prompts off; no credentials are stored)',
  access: 'editor',
  tag: 'library',
  body: z.object({ name: libraryName, url: z.string().min(1).max(2000).regex(/^[^-]/, 'a git URL or a folder, not an option') }),
  reply: { json: z.object({ library: followedLibrary }), status: 201 },
});

export const libraryChanges = endpoint({
  method: 'get',
  path: '/api/library/followed/{name}/changes',
  summary:
    'Fetch the library and show what changed since the pin (versions, SQL and fixture diffs); with a snapshot, the result diff per formula; with a setup too, the money diff. The pin stays',
  access: 'viewer',
  tag: 'library',
  query: z.object({
    snapshot: z.string().min(1).optional(),
    setup: z.string().min(1).optional(),
    top: z.coerce.number().int().min(1).max(1000).default(20),
  }),
  reply: {
    json: z.object({
      update: libraryUpdate,
      results: z.array(resultChange).optional(),
      money: z.object({ setup: z.object({ name: z.string(), version: z.number().int() }), formulas: z.array(formulaMoney) }).optional(),
    }),
  },
});

export const updateLibrary = endpoint({
  method: 'post',
  path: '/api/library/followed/{name}/update',
  summary: "Fetch the library and move the pin to upstream's latest commit; answers what changed",
  access: 'editor',
  tag: 'library',
  reply: { json: z.object({ update: libraryUpdate }) },
});

export const adoptLibraryFormulas = endpoint({
  method: 'post',
  path: '/api/library/followed/{name}/adopt',
  summary: "Make drafts of the workspace's review from formulas of the library at its pin (none for a text the release already has)",
  access: 'editor',
  tag: 'library',
  body: z.object({ formulas: formulaIds }),
  reply: {
    json: z.object({
      adoptions: z.array(z.object({ formulaId: z.string(), path: z.string(), draftId: z.number().int().optional(), unchanged: z.boolean().optional() })),
    }),
  },
});

export const libraryConsensus = endpoint({
  method: 'get',
  path: '/api/library/followed/{name}/consensus',
  summary:
    "Each statistic's variants in the library, the sites whose adoption records run each; with a snapshot, each variant's total, how far from the legacy one and from each other",
  access: 'viewer',
  tag: 'library',
  query: z.object({ snapshot: z.string().min(1).optional() }),
  reply: {
    json: z.object({
      statistics: z.array(
        z.object({
          statistic: z.string(),
          variants: z.array(
            z.object({
              formulaId: z.string(),
              variant: z.string(),
              package: z.string(),
              path: z.string(),
              sites: z.array(z.string()),
              total: z.string().optional(),
              differFromLegacy: z.number().int().optional(),
              error: z.string().optional(),
            }),
          ),
          pairs: z.array(z.object({ a: z.string(), b: z.string(), clients: z.number().int(), totalChange: z.string(), absoluteDifference: z.string() })),
        }),
      ),
    }),
  },
});

const branchMade = {
  /** The library's clone, where the branch is. */
  clone: z.string(),
  branch: z.string(),
  commit: z.string(),
  /** The command that would push it; the product pushes nothing. */
  push: z.string(),
};

export const proposeToLibrary = endpoint({
  method: 'post',
  path: '/api/library/followed/{name}/proposals',
  summary:
    "Propose released formulas: a commit on a new branch of the library's clone (files, version bump, changelog with the review's reasons); nothing is pushed",
  access: 'editor',
  tag: 'library',
  body: z.object({
    package: z.string().min(1).max(100).default('amtelco-be200'),
    formulas: formulaIds,
    level: z.enum(['major', 'minor', 'patch']).default('minor'),
    branch: branchName.optional(),
  }),
  reply: {
    json: z.object({ ...branchMade, package: z.string(), from: z.string(), to: z.string(), files: z.array(z.string()) }),
    status: 201,
  },
});

export const recordLibraryAdoption = endpoint({
  method: 'post',
  path: '/api/library/followed/{name}/adoption-records',
  summary: "Record which of the library's formulas the active release runs, as adoptions/<site>.yaml on a new branch of the clone; nothing is pushed",
  access: 'editor',
  tag: 'library',
  body: z.object({ site: z.string().min(1).max(100), branch: branchName.optional() }),
  reply: {
    json: z.object({
      ...branchMade,
      file: z.string(),
      release: z.string(),
      formulas: z.array(z.object({ package: z.string(), version: z.string(), formula: z.string() })),
    }),
    status: 201,
  },
});
