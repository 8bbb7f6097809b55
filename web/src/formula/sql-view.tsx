/** Read-only, highlighted SQL (the explain panel). */
import { EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { syntaxHighlighting, defaultHighlightStyle } from '@codemirror/language';
import { createEffect, onCleanup, onMount } from 'solid-js';
import { duckdbSql } from './formula-language.ts';

export function SqlView(props: { sql: string }) {
  let host!: HTMLDivElement;
  let view: EditorView | undefined;
  onMount(() => {
    view = new EditorView({
      parent: host,
      state: EditorState.create({
        doc: props.sql,
        extensions: [
          duckdbSql,
          syntaxHighlighting(defaultHighlightStyle),
          EditorState.readOnly.of(true),
          EditorView.editable.of(false),
          EditorView.lineWrapping,
        ],
      }),
    });
    onCleanup(() => view?.destroy());
  });
  createEffect(() => {
    const sql = props.sql;
    if (view && view.state.doc.toString() !== sql) view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: sql } });
  });
  return <div class="sql-view" ref={host} role="region" aria-label="SQL of the formula" />;
}
