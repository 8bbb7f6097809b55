/**
 * Names for the server's JSON answers that the UI reads, each taken from the API contract
 * (server/api/): the reply schema of an endpoint is the one description of its shape.
 */
import type { Input, Output } from '../../../server/api/endpoint.ts';
import type { endpoints } from './client.ts';

export type { Role } from '../../../server/api/endpoint.ts';

export type User = Output<typeof endpoints.me>;
export type LoginResponse = Output<typeof endpoints.login>;
export type UserAccount = Output<typeof endpoints.changeUser>;
export type AuditEntry = Output<typeof endpoints.auditLog>['entries'][number];

export type SnapshotManifest = Output<typeof endpoints.showSnapshot>;
export type JobView = Output<typeof endpoints.showJob>;

export type GridPage = Output<typeof endpoints.grid>;
export type GridColumn = GridPage['columns'][number];
export type GridRow = GridPage['rows'][number];
export type Unit = GridColumn['unit'];
export type SourceRows = Output<typeof endpoints.sourceRows>;

export type FormulaDetail = Output<typeof endpoints.showFormula>;
export type FormulaSummary = Output<typeof endpoints.listFormulas>['formulas'][number];
export type Quirk = Output<typeof endpoints.listQuirks>['quirks'][number];
export type FormulaVersion = Output<typeof endpoints.formulaVersions>['versions'][number];
export type SchemaInfo = Output<typeof endpoints.snapshotSchema>;
export type CheckError = Output<typeof endpoints.validateFormula>['errors'][number];
export type TestRun = Output<typeof endpoints.testFormula>;
export type TestOutcome = TestRun['tests'][number];

export type Draft = Output<typeof endpoints.createDraft>;
export type DraftStatus = Draft['status'];
export type DraftSummary = Output<typeof endpoints.listDrafts>['drafts'][number];
export type DraftWithReviews = Output<typeof endpoints.showDraft>;
export type ReviewComment = DraftWithReviews['reviews'][number];
export type Verdict = ReviewComment['verdict'];

export type StoredDocument = Output<typeof endpoints.showScenario>;
export type Comparison = Output<typeof endpoints.compareScenario>;
export type AccountTotals = NonNullable<Comparison['everyAccount']>[number];
export type RunRecord = Output<typeof endpoints.showRun>;

export type FormulaPackage = Output<typeof endpoints.exportPackage>;
export type ImportPlan = Output<typeof endpoints.importPackage>;
export type ImportItem = ImportPlan['items'][number];
export type ImportStatus = ImportItem['status'];
export type CreatedDraft = NonNullable<ImportPlan['drafts']>[number];

export type ReconciliationResult = Output<typeof endpoints.showReconciliation>;
export type Variance = ReconciliationResult['reconciliation']['variances'][number];
export type Side = Variance['delta']['before'];
export type ReconciliationListItem = Output<typeof endpoints.listReconciliations>['reconciliations'][number];
export type ColumnAcceptance = Output<typeof endpoints.acceptColumn>;

export type RunLifecycle = RunRecord['lifecycle'];
export type RunStatus = RunLifecycle['status'];
export type InvoiceList = Output<typeof endpoints.listInvoices>;
export type InvoiceSummary = InvoiceList['invoices'][number];
export type InvoiceDocument = Output<typeof endpoints.showInvoice>;
export type InvoiceLine = InvoiceDocument['lines'][number];
export type LineStep = InvoiceLine['steps'][number];
export type CompanyProfile = Output<typeof endpoints.showCompanyProfile>;
export type CompanyProfileFields = Input<typeof endpoints.saveCompanyProfile>['body'];

export type ReviewInbox = Output<typeof endpoints.reviewInbox>;
export type DraftMoney = Output<typeof endpoints.draftMoney>;
export type NotBilledClient = InvoiceList['notBilled'][number];
