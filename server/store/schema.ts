/**
 * The workspace database schema, as migrations applied in order. Never edit a published migration:
 * add a new one. Everything that records intent (versions, reviews, releases, audit) is append-only.
 */
export const MIGRATIONS: readonly (readonly string[])[] = [
  [
    `CREATE SEQUENCE ids START 1`,
    `CREATE TABLE users (
      id INTEGER PRIMARY KEY, name VARCHAR UNIQUE NOT NULL, role VARCHAR NOT NULL,
      password_hash VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL, disabled BOOLEAN NOT NULL)`,
    `CREATE TABLE sessions (
      token_hash VARCHAR PRIMARY KEY, user_id INTEGER NOT NULL, csrf VARCHAR NOT NULL,
      created_at TIMESTAMP NOT NULL, expires_at TIMESTAMP NOT NULL)`,
    `CREATE TABLE api_tokens (
      id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL, name VARCHAR NOT NULL, token_hash VARCHAR UNIQUE NOT NULL,
      created_at TIMESTAMP NOT NULL, revoked_at TIMESTAMP)`,
    /* An immutable, content-addressed version of a formula file. */
    `CREATE TABLE formula_versions (
      version_id VARCHAR PRIMARY KEY, formula_id VARCHAR NOT NULL, number INTEGER NOT NULL, text VARCHAR NOT NULL,
      author VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL, parent VARCHAR, UNIQUE (formula_id, number))`,
    /* A working copy: editing -> in_review -> approved (becomes a version) | withdrawn. */
    `CREATE TABLE drafts (
      draft_id INTEGER PRIMARY KEY, formula_id VARCHAR NOT NULL, base_version VARCHAR, text VARCHAR NOT NULL,
      revision INTEGER NOT NULL, author VARCHAR NOT NULL, status VARCHAR NOT NULL, updated_at TIMESTAMP NOT NULL,
      approved_version VARCHAR)`,
    `CREATE TABLE reviews (
      id INTEGER PRIMARY KEY, draft_id INTEGER NOT NULL, revision INTEGER NOT NULL, reviewer VARCHAR NOT NULL,
      verdict VARCHAR NOT NULL, comment VARCHAR, created_at TIMESTAMP NOT NULL)`,
    /* A named set of approved versions; the newest is what billing uses. */
    `CREATE TABLE releases (
      release_id INTEGER PRIMARY KEY, name VARCHAR UNIQUE NOT NULL, created_at TIMESTAMP NOT NULL,
      created_by VARCHAR NOT NULL, parent INTEGER)`,
    `CREATE TABLE release_items (
      release_id INTEGER NOT NULL, formula_id VARCHAR NOT NULL, version_id VARCHAR NOT NULL, PRIMARY KEY (release_id, formula_id))`,
    /* Billing setups (plans, modifiers, assignments) and scenarios, versioned as whole documents. */
    `CREATE TABLE documents (
      kind VARCHAR NOT NULL, name VARCHAR NOT NULL, version INTEGER NOT NULL, text VARCHAR NOT NULL,
      author VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL, PRIMARY KEY (kind, name, version))`,
    `CREATE TABLE audit_log (
      seq INTEGER PRIMARY KEY, occurred_at TIMESTAMP NOT NULL, actor VARCHAR NOT NULL, action VARCHAR NOT NULL,
      target VARCHAR NOT NULL, detail VARCHAR, reason VARCHAR)`,
  ],
  [
    /* A billing run's lifecycle as events (correction, finalise, discard); the run folder is never rewritten. */
    `CREATE TABLE run_events (
      seq INTEGER PRIMARY KEY, run_id VARCHAR NOT NULL, kind VARCHAR NOT NULL, actor VARCHAR NOT NULL,
      occurred_at TIMESTAMP NOT NULL, detail VARCHAR NOT NULL)`,
    /* The last number given in each document series (INV, CN): numbers are gap-free per workspace. */
    `CREATE TABLE document_counters (series VARCHAR PRIMARY KEY, last INTEGER NOT NULL)`,
    `CREATE TABLE issued_documents (
      number VARCHAR PRIMARY KEY, series VARCHAR NOT NULL, seq INTEGER NOT NULL, kind VARCHAR NOT NULL,
      run_id VARCHAR NOT NULL, account VARCHAR NOT NULL, credits VARCHAR, total VARCHAR NOT NULL,
      currency VARCHAR NOT NULL, issued_at TIMESTAMP NOT NULL, UNIQUE (series, seq), UNIQUE (run_id, kind, account))`,
    /* The company profile invoices carry, versioned: a finalised run keeps the version it was finalised with. */
    `CREATE TABLE company_profiles (
      version INTEGER PRIMARY KEY, profile VARCHAR NOT NULL, created_by VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL)`,
  ],
  [
    /* A setup version's review as events: submitted, approved or rejected (with a comment); a billing run uses an approved version. */
    `CREATE TABLE setup_reviews (
      id INTEGER PRIMARY KEY, name VARCHAR NOT NULL, version INTEGER NOT NULL, actor VARCHAR NOT NULL,
      action VARCHAR NOT NULL, comment VARCHAR, created_at TIMESTAMP NOT NULL)`,
  ],
  [
    /* A reconciliation with a legacy export: what was compared (snapshot, file, release, tolerances) and its result. */
    `CREATE TABLE reconciliations (
      id VARCHAR PRIMARY KEY, period VARCHAR NOT NULL, snapshot VARCHAR NOT NULL, snapshot_hash VARCHAR NOT NULL,
      file_name VARCHAR NOT NULL, file_hash VARCHAR NOT NULL, uploaded_by VARCHAR NOT NULL, uploaded_at TIMESTAMP NOT NULL,
      release_name VARCHAR NOT NULL, release_hash VARCHAR NOT NULL, variant VARCHAR NOT NULL, tolerances VARCHAR NOT NULL,
      exported_at VARCHAR, layout VARCHAR NOT NULL, result VARCHAR NOT NULL)`,
    /* Acceptances of a period, keyed by what they accept: a cell's values and release, or a column; applied to every reconciliation of the period. */
    `CREATE TABLE reconciliation_acceptances (
      id INTEGER PRIMARY KEY, period VARCHAR NOT NULL, kind VARCHAR NOT NULL, client_number VARCHAR, statistic VARCHAR NOT NULL,
      legacy_value VARCHAR, our_value VARCHAR, release_name VARCHAR, release_hash VARCHAR, finding VARCHAR,
      accepted_by VARCHAR NOT NULL, accepted_at TIMESTAMP NOT NULL, reason VARCHAR NOT NULL, reconciliation VARCHAR NOT NULL)`,
    /* What a header of a legacy file layout holds, reused for later files of the same layout. */
    `CREATE TABLE column_mappings (
      layout VARCHAR NOT NULL, header VARCHAR NOT NULL, statistic VARCHAR NOT NULL, saved_by VARCHAR NOT NULL,
      saved_at TIMESTAMP NOT NULL, PRIMARY KEY (layout, header))`,
  ],
  [
    /* Everyone who changed a draft's text (its author at revision 1): none of them may approve it. */
    `CREATE TABLE draft_editors (draft_id INTEGER NOT NULL, editor VARCHAR NOT NULL, revision INTEGER NOT NULL, edited_at TIMESTAMP NOT NULL)`,
    `INSERT INTO draft_editors SELECT draft_id, author, 1, updated_at FROM drafts`,
    /* Everyone who wrote an approved version's text. */
    `CREATE TABLE version_editors (version_id VARCHAR NOT NULL, editor VARCHAR NOT NULL, PRIMARY KEY (version_id, editor))`,
    /* An API token's scope (the most it may do, never more than its owner) and expiry; revoked_by says why it stopped. */
    `CREATE TABLE api_token_scopes (token_id INTEGER PRIMARY KEY, role VARCHAR NOT NULL, expires_at TIMESTAMP NOT NULL, revoked_by VARCHAR)`,
    `INSERT INTO api_token_scopes SELECT id, 'admin', created_at + INTERVAL 90 DAY, NULL FROM api_tokens`,
  ],
  [
    /* Client users of the customer portal: a kind of user apart from the workbench's, seeing only the clients of their scope (a ClientGrant as JSON). */
    `CREATE TABLE client_users (
      id INTEGER PRIMARY KEY, name VARCHAR UNIQUE NOT NULL, password_hash VARCHAR NOT NULL, scope VARCHAR NOT NULL,
      disabled BOOLEAN NOT NULL, created_at TIMESTAMP NOT NULL, created_by VARCHAR NOT NULL, last_login_at TIMESTAMP)`,
    `CREATE TABLE client_sessions (
      token_hash VARCHAR PRIMARY KEY, user_id INTEGER NOT NULL, csrf VARCHAR NOT NULL,
      created_at TIMESTAMP NOT NULL, expires_at TIMESTAMP NOT NULL)`,
    /* An invitation to the portal: its token stored as a hash; used once (by the client user it made), or revoked. */
    `CREATE TABLE client_invites (
      id INTEGER PRIMARY KEY, token_hash VARCHAR UNIQUE NOT NULL, scope VARCHAR NOT NULL, created_by VARCHAR NOT NULL,
      created_at TIMESTAMP NOT NULL, expires_at TIMESTAMP NOT NULL, used_at TIMESTAMP, used_by INTEGER, revoked_at TIMESTAMP)`,
    /* The portal's settings as whole versions (published statistics, branding, refresh schedule): the newest applies. */
    `CREATE TABLE portal_settings (
      version INTEGER PRIMARY KEY, settings VARCHAR NOT NULL, created_by VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL)`,
    /* Each refresh of the portal's current-period snapshot: when, which snapshot it made, or why it failed. */
    `CREATE TABLE portal_refreshes (
      seq INTEGER PRIMARY KEY, period VARCHAR NOT NULL, source VARCHAR NOT NULL, started_at TIMESTAMP NOT NULL,
      finished_at TIMESTAMP NOT NULL, status VARCHAR NOT NULL, snapshot VARCHAR, error VARCHAR)`,
  ],
];
