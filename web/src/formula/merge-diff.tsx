/** Two texts side by side with their differences marked (@codemirror/merge), read-only. */
import { MergeView } from '@codemirror/merge';
import { EditorState } from '@codemirror/state';
import { EditorView, lineNumbers } from '@codemirror/view';
import { syntaxHighlighting, defaultHighlightStyle } from '@codemirror/language';
import { createEffect, onCleanup } from 'solid-js';
import { yamlLanguage } from '@codemirror/lang-yaml';

const readOnly = [lineNumbers(), yamlLanguage, syntaxHighlighting(defaultHighlightStyle), EditorState.readOnly.of(true), EditorView.editable.of(false)];

/** `wrapLines` for narrow places (the review section beside the grid), where long SQL lines would be cut. */
export function MergeDiff(props: { before: string; after: string; wrapLines?: boolean }) {
  let host!: HTMLDivElement;
  let view: MergeView | undefined;
  createEffect(() => {
    const { before, after } = props;
    const extensions = props.wrapLines ? [...readOnly, EditorView.lineWrapping] : readOnly;
    view?.destroy();
    view = new MergeView({
      parent: host,
      a: { doc: before, extensions },
      b: { doc: after, extensions },
      collapseUnchanged: { margin: 3, minSize: 6 },
      gutter: true,
    });
  });
  onCleanup(() => view?.destroy());
  return <div class="merge-diff" ref={host} />;
}
