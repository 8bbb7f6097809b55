/** Assignments: which plan bills everyone, a billing code or a client, from a day until a day (inclusive; open when empty). */
import { Index } from 'solid-js';
import { ScopeField } from './scope-field.tsx';
import { RowButton, RowError, SectionHeader, SelectField, type SetupForm, TextField } from './setup-fields.tsx';

export function AssignmentsSection(props: { form: SetupForm }) {
  const assignments = () => props.form.data().assignments ?? [];
  const plans = () => (props.form.data().plans ?? []).map((plan) => String(plan.id ?? '')).filter((id) => id !== '');
  const add = () => props.form.append(['assignments'], { plan: plans()[0] ?? '', scope: 'default', from: `${new Date().getFullYear()}-01-01` });
  return (
    <section class="setup-section" aria-label="Assignments">
      <SectionHeader title="Assignments">
        <RowButton form={props.form} label="Add assignment" onClick={add} />
      </SectionHeader>
      <RowError form={props.form} path={['assignments']} />
      <Index each={assignments()}>
        {(assignment, i) => {
          const at = (...rest: (string | number)[]) => ['assignments', i, ...rest];
          const label = `Assignment ${i + 1}`;
          return (
            <div class="setup-row setup-assignment" data-assignment={i}>
              <span class="setup-line-kind">{i + 1}</span>
              <SelectField form={props.form} path={at('plan')} label={`${label} plan`} value={assignment().plan} options={plans()} caption="Plan" />
              <ScopeField form={props.form} path={at('scope')} scope={assignment().scope} label={label} />
              <TextField form={props.form} path={at('from')} label={`${label} from`} value={assignment().from} kind="date" caption="From" />
              <TextField form={props.form} path={at('until')} label={`${label} until`} value={assignment().until} kind="date" caption="Until (empty: open)" />
              <RowButton form={props.form} label="Remove" title={`Remove ${label}`} onClick={() => props.form.remove(at())} />
              <RowError form={props.form} path={at()} />
            </div>
          );
        }}
      </Index>
    </section>
  );
}
