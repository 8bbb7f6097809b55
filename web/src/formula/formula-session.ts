/**
 * One formula open in the editor: where its text came from (the release, a draft, or new), the
 * text being edited, the drafts others have open for it, and the review workflow on the open
 * draft — save (If-Match on its revision; 409 means someone else changed it), submit, the
 * outcome of a review (recorded by the review form), promote into a release, withdraw. Each step
 * is one request; the server decides who may.
 */
import { createSignal } from 'solid-js';
import { ApiProblem, asProblem, call, endpoints, type Problem } from '../api/client.ts';
import type { Draft, DraftSummary, FormulaDetail } from '../api/types.ts';
import { formulaDetail, forgetRelease } from './library.ts';
import { newFormulaText } from './formula-template.ts';

export type TextSource =
  | { readonly kind: 'release'; readonly detail: FormulaDetail }
  | { readonly kind: 'draft'; readonly draft: Draft }
  | { readonly kind: 'new' };

export interface Notice {
  readonly kind: 'ok' | 'problem' | 'conflict';
  readonly text: string;
  readonly problem?: Problem;
}

export function createFormulaSession(formulaId: string, onReleased: () => void) {
  const [source, setSource] = createSignal<TextSource | null>(null);
  const [release, setRelease] = createSignal<FormulaDetail | null>(null);
  const [savedText, setSavedText] = createSignal('');
  const [text, setText] = createSignal('');
  const [documentKey, setDocumentKey] = createSignal(0);
  const [drafts, setDrafts] = createSignal<readonly DraftSummary[]>([]);
  const [loadProblem, setLoadProblem] = createSignal<Problem | null>(null);
  const [busy, setBusy] = createSignal<string | null>(null);
  const [notice, setNotice] = createSignal<Notice | null>(null);

  const show = (next: TextSource, body: string) => {
    setSource(next);
    setSavedText(body);
    setText(body);
    setDocumentKey((n) => n + 1);
  };

  const refreshDrafts = async () => {
    const { drafts: all } = await call(endpoints.listDrafts, { query: {} });
    setDrafts(all.filter((draft) => draft.formulaId.toLowerCase() === formulaId.toLowerCase() && draft.status !== 'withdrawn'));
  };

  const openDraft = async (draftId: number) => {
    const draft = await call(endpoints.showDraft, { params: { id: String(draftId) } });
    show({ kind: 'draft', draft }, draft.text);
  };

  const openRelease = () => {
    const detail = release();
    if (detail) show({ kind: 'release', detail }, detail.text);
    else show({ kind: 'new' }, newFormulaText(formulaId));
  };

  /** Loads the release's text and the open drafts; opens `draftId` when it is one of them (an address named it), else the user's own draft being edited, if any. */
  const load = async (me: string | undefined, draftId?: number) => {
    setLoadProblem(null);
    try {
      const detail = await formulaDetail(formulaId).catch((error: unknown) => {
        if (error instanceof ApiProblem && error.status === 404) return null;
        throw error;
      });
      setRelease(detail);
      await refreshDrafts();
      const mine = drafts().find((draft) => draft.draftId === draftId) ?? drafts().find((draft) => draft.author === me && draft.status === 'editing');
      if (mine) await openDraft(mine.draftId);
      else openRelease();
    } catch (error) {
      setLoadProblem(asProblem(error));
    }
  };

  /** Runs one workflow step, reporting its outcome; a 409 on save is an edit conflict. */
  const step = async (name: string, action: () => Promise<string>) => {
    setBusy(name);
    setNotice(null);
    try {
      setNotice({ kind: 'ok', text: await action() });
    } catch (error) {
      const problem = asProblem(error);
      const conflict = problem.code === 'edit_conflict';
      setNotice({
        kind: conflict ? 'conflict' : 'problem',
        text: conflict ? 'Someone else changed this draft since you opened it. Reload it to see their change, then apply yours again.' : problem.detail,
        problem,
      });
    } finally {
      setBusy(null);
    }
  };

  const openDraftRecord = (): Draft | null => {
    const current = source();
    return current?.kind === 'draft' ? current.draft : null;
  };

  const afterChange = async (draft: Draft) => {
    setSource({ kind: 'draft', draft });
    setSavedText(draft.text);
    await refreshDrafts();
  };

  const save = async (): Promise<Draft> => {
    const draft = openDraftRecord();
    const saved = draft
      ? await call(endpoints.editDraft, { params: { id: String(draft.draftId) }, headers: { 'if-match': draft.revision }, body: { text: text() } })
      : await call(endpoints.createDraft, { body: { formulaId, text: text() } });
    await afterChange(saved);
    return saved;
  };

  return {
    formulaId,
    source,
    release,
    text,
    setText,
    documentKey,
    drafts,
    loadProblem,
    busy,
    notice,
    load,
    dirty: () => text() !== savedText(),
    openDraft: (draftId: number) =>
      step('open', async () => {
        await openDraft(draftId);
        return `Opened draft #${draftId}`;
      }),
    openRelease,
    save: () =>
      step('save', async () => {
        const saved = await save();
        return `Saved draft #${saved.draftId}, revision ${saved.revision}`;
      }),
    submit: () =>
      step('submit', async () => {
        const draft = text() !== savedText() || !openDraftRecord() ? await save() : (openDraftRecord() as Draft);
        await afterChange(await call(endpoints.submitDraft, { params: { id: String(draft.draftId) } }));
        return `Draft #${draft.draftId} is in review`;
      }),
    /** After the review form recorded a comment or an approval: show the draft's new status. */
    reviewed: (reviewed: Draft, verdict: 'approve' | 'comment') =>
      step('review', async () => {
        await afterChange(reviewed);
        if (verdict === 'comment') return `Your comment on draft #${reviewed.draftId} is recorded`;
        return reviewed.status === 'approved'
          ? `Draft #${reviewed.draftId} is approved: version ${reviewed.approvedVersion}`
          : `Your approval of draft #${reviewed.draftId} is recorded; it needs more`;
      }),
    promote: (releaseName: string) =>
      step('promote', async () => {
        const draft = openDraftRecord() as Draft;
        const made = await call(endpoints.promoteDrafts, { body: { name: releaseName, drafts: [draft.draftId] } });
        forgetRelease();
        onReleased();
        setRelease(await formulaDetail(formulaId));
        openRelease();
        await refreshDrafts();
        return `Release ${made.name} now bills with this formula`;
      }),
    withdraw: () =>
      step('withdraw', async () => {
        const draft = openDraftRecord() as Draft;
        await call(endpoints.withdrawDraft, { params: { id: String(draft.draftId) } });
        await refreshDrafts();
        openRelease();
        return `Draft #${draft.draftId} is withdrawn`;
      }),
    /** After an edit conflict: load the draft as it is now. */
    reloadDraft: () =>
      step('open', async () => {
        const draft = openDraftRecord() as Draft;
        await openDraft(draft.draftId);
        return `Reloaded draft #${draft.draftId} at revision ${(openDraftRecord() as Draft).revision}`;
      }),
    say: (next: Notice | null) => setNotice(next),
  };
}

export type FormulaSession = ReturnType<typeof createFormulaSession>;
