/**
 * Publishing to a followed library, as a pull request would carry it: released formulas proposed on
 * a new branch of the library's clone (files, version bump, changelog with the review's reasons),
 * and the site's adoption record on another. Nothing is pushed: the branch and the command that
 * would push it are shown, for the user to run.
 */
import { createSignal, For, type JSX, Show } from 'solid-js';
import { createAction } from '../ui/action.ts';
import { InlineField } from '../ui/field.tsx';
import { ProblemMessage } from '../ui/problem-message.tsx';
import { type AdoptionRecord, type FollowedLibrary, type Proposal, proposeFormulas, recordAdoption } from './followed-api.ts';

export function PublishSection(props: { library: FollowedLibrary }) {
  return (
    <section class="library-section" aria-labelledby="publish-title">
      <h2 id="publish-title">Publish</h2>
      <p class="muted">
        Each is one commit on a new branch of the library's clone on the server, started from the pin. Nothing is pushed: push the branch yourself and open a
        pull request.
      </p>
      <div class="publish-forms">
        <ProposeForm library={props.library} />
        <RecordForm library={props.library} />
      </div>
    </section>
  );
}

function ProposeForm(props: { library: FollowedLibrary }) {
  const [formulas, setFormulas] = createSignal('');
  const [pkg, setPkg] = createSignal(props.library.packages[0]?.name ?? 'amtelco-be200');
  const [level, setLevel] = createSignal<'major' | 'minor' | 'patch'>('minor');
  const [made, setMade] = createSignal<Proposal | null>(null);
  const action = createAction();
  const ids = () =>
    formulas()
      .split(/[\s,]+/)
      .filter(Boolean);
  const propose = async () => {
    setMade(null);
    const proposal = await action.run(() => proposeFormulas(props.library.name, { package: pkg(), formulas: ids(), level: level() }));
    if (proposal) setMade(proposal);
  };
  return (
    <form
      class="publish-form"
      aria-label="Propose released formulas"
      onSubmit={(event) => {
        event.preventDefault();
        void propose();
      }}
    >
      <h3>Propose released formulas</h3>
      <InlineField label="Formulas">
        <input
          aria-label="Formulas to propose"
          value={formulas()}
          onInput={(e) => setFormulas(e.currentTarget.value)}
          placeholder="AnsweredCalls, CallsConsensus"
        />
      </InlineField>
      <InlineField label="Package">
        <select aria-label="Package" value={pkg()} onChange={(e) => setPkg(e.currentTarget.value)}>
          <For each={props.library.packages}>{(p) => <option value={p.name}>{p.name}</option>}</For>
        </select>
      </InlineField>
      <InlineField label="Version">
        <select aria-label="Version bump" value={level()} onChange={(e) => setLevel(e.currentTarget.value as 'major' | 'minor' | 'patch')}>
          <option value="patch">patch</option>
          <option value="minor">minor</option>
          <option value="major">major</option>
        </select>
      </InlineField>
      <button type="submit" class="primary" disabled={action.busy() || ids().length === 0}>
        Make the branch
      </button>
      <Show when={action.problem()}>{(p) => <ProblemMessage title="Nothing was proposed" problem={p()} />}</Show>
      <Show when={made()}>
        {(proposal) => (
          <BranchMade branch={proposal().branch} commit={proposal().commit} push={proposal().push}>
            {proposal().package} {proposal().from} → {proposal().to}: <For each={proposal().files}>{(file) => <code class="branch-file">{file}</code>}</For>
          </BranchMade>
        )}
      </Show>
    </form>
  );
}

function RecordForm(props: { library: FollowedLibrary }) {
  const [site, setSite] = createSignal('');
  const [made, setMade] = createSignal<AdoptionRecord | null>(null);
  const action = createAction();
  const record = async () => {
    setMade(null);
    const recorded = await action.run(() => recordAdoption(props.library.name, site().trim()));
    if (recorded) setMade(recorded);
  };
  return (
    <form
      class="publish-form"
      aria-label="Record this site's adoption"
      onSubmit={(event) => {
        event.preventDefault();
        void record();
      }}
    >
      <h3>Record this site's adoption</h3>
      <InlineField label="Site">
        <input aria-label="Site" value={site()} onInput={(e) => setSite(e.currentTarget.value)} placeholder="north-answering" />
      </InlineField>
      <button type="submit" class="primary" disabled={action.busy() || site().trim() === ''}>
        Record the adoption
      </button>
      <Show when={action.problem()}>{(p) => <ProblemMessage title="No adoption was recorded" problem={p()} />}</Show>
      <Show when={made()}>
        {(recorded) => (
          <BranchMade branch={recorded().branch} commit={recorded().commit} push={recorded().push}>
            <code class="branch-file">{recorded().file}</code>: {recorded().formulas.length} formula(s) of release {recorded().release} (
            {recorded()
              .formulas.map((f) => `${f.formula} ${f.version}`)
              .join(', ')}
            )
          </BranchMade>
        )}
      </Show>
    </form>
  );
}

function BranchMade(props: { branch: string; commit: string; push: string; children: JSX.Element }) {
  return (
    <div class="branch-made" role="status">
      <p>
        Branch <code class="branch-name">{props.branch}</code> ({props.commit.slice(0, 7)}) made: {props.children}
      </p>
      <p>
        Nothing was pushed. To publish it: <code class="push-command">{props.push}</code>
      </p>
    </div>
  );
}
