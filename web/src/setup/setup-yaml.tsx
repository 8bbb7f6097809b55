/** The setup as YAML in CodeMirror, every problem marked at its line and column as the user types. */
import { yaml } from '@codemirror/lang-yaml';
import { type Diagnostic, linter, lintGutter } from '@codemirror/lint';
import { EditorState } from '@codemirror/state';
import type { EditorView } from '@codemirror/view';
import { CodeEditor } from '../formula/code-editor.tsx';
import type { SetupChoices } from './setup-api.ts';
import { localProblems } from './setup-checks.ts';

export function SetupYaml(props: { name: string; text: string; choices: SetupChoices | undefined; readOnly: boolean; onChange: (text: string) => void }) {
  const diagnostics = (view: EditorView): Diagnostic[] => {
    const { doc } = view.state;
    return localProblems(doc.toString(), props.name, props.choices).map((problem) => {
      const line = doc.line(Math.min(Math.max(problem.line, 1), doc.lines));
      const from = Math.min(line.from + Math.max(problem.column - 1, 0), line.to);
      return {
        from,
        to: Math.max(from, line.to),
        severity: problem.severity,
        message: problem.field ? `${problem.field}: ${problem.message.replace(`${problem.field}: `, '')}` : problem.message,
      };
    });
  };
  return (
    <div class="setup-yaml">
      <CodeEditor
        doc={props.text}
        documentKey={props.text}
        label={`Setup ${props.name} as YAML`}
        extensions={[yaml(), linter(diagnostics, { delay: 150 }), lintGutter(), props.readOnly ? EditorState.readOnly.of(true) : []]}
        onChange={(text) => {
          if (!props.readOnly) props.onChange(text);
        }}
      />
    </div>
  );
}
