/** Two texts side by side with their differences marked (@codemirror/merge), read-only. */
import { MergeView } from '@codemirror/merge';
import { EditorState } from '@codemirror/state';
import { EditorView, lineNumbers } from '@codemirror/view';
import { syntaxHighlighting, defaultHighlightStyle } from '@codemirror/language';
import { createEffect, onCleanup } from 'solid-js';
import { yamlLanguage } from '@codemirror/lang-yaml';

const readOnly = [lineNumbers(), yamlLanguage, syntaxHighlighting(defaultHighlightStyle), EditorState.readOnly.of(true), EditorView.editable.of(false)];

export function MergeDiff(props: { before: string; after: string }) {
  let host!: HTMLDivElement;
  let view: MergeView | undefined;
  createEffect(() => {
    const { before, after } = props;
    view?.destroy();
    view = new MergeView({ parent: host, a: { doc: before, extensions: readOnly }, b: { doc: after, extensions: readOnly }, collapseUnchanged: { margin: 3, minSize: 6 }, gutter: true });
  });
  onCleanup(() => view?.destroy());
  return <div class="merge-diff" ref={host} />;
}
