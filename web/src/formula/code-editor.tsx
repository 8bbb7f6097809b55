/**
 * A CodeMirror 6 editor as a Solid component. The document is replaced when `documentKey`
 * changes (another version or draft loaded); every edit is reported through `onChange`.
 * Tab is left to the browser (focus moves on), so the page stays usable with the keyboard alone.
 */
import { EditorState, Prec, type Extension } from '@codemirror/state';
import { EditorView, keymap, type KeyBinding } from '@codemirror/view';
import { basicSetup } from 'codemirror';
import { createEffect, on, onCleanup, onMount } from 'solid-js';

export interface CodeEditorProps {
  readonly doc: string;
  readonly documentKey: unknown;
  readonly extensions: Extension;
  readonly keys?: readonly KeyBinding[];
  readonly label: string;
  readonly onChange: (text: string) => void;
  readonly onView?: (view: EditorView) => void;
  /** Escape when no completion or search is open (those take it first). */
  readonly onEscape?: () => void;
}

export function CodeEditor(props: CodeEditorProps) {
  let host!: HTMLDivElement;
  let view: EditorView | undefined;

  onMount(() => {
    view = new EditorView({
      parent: host,
      state: EditorState.create({
        doc: props.doc,
        extensions: [
          Prec.highest(keymap.of([...(props.keys ?? [])])),
          basicSetup,
          props.extensions,
          keymap.of([
            {
              key: 'Escape',
              run: () => {
                props.onEscape?.();
                return props.onEscape !== undefined;
              },
            },
          ]),
          EditorView.contentAttributes.of({ 'aria-label': props.label }),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) props.onChange(update.state.doc.toString());
          }),
        ],
      }),
    });
    props.onView?.(view);
    onCleanup(() => view?.destroy());
  });

  createEffect(
    on(
      () => props.documentKey,
      () => {
        if (view && view.state.doc.toString() !== props.doc) view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: props.doc } });
      },
      { defer: true },
    ),
  );

  return <div class="code-editor" ref={host} />;
}
