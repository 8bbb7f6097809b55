/**
 * A billing setup's text as the forms edit it: each edit changes one path of the YAML document
 * (yaml's Document API), so comments, key order and the flow style of untouched lines stay as the
 * author wrote them, and the YAML view shows exactly what will be saved.
 */
import { isMap, isSeq, parseDocument, type Document } from 'yaml';

export type Path = readonly (string | number)[];

/** The parsed text: its plain values, or why it is not YAML at all (the forms then wait for the YAML view). */
export interface SetupDoc {
  readonly data: SetupData | null;
  readonly syntaxError: string | null;
}

/** The setup as plain values, loosely typed: the forms show what is there, the schema says what is wrong. */
export interface SetupData {
  readonly currency?: string;
  readonly rounding?: { money?: { scale?: number; mode?: string }; apply?: string };
  readonly accounts?: { groupBy?: string; masters?: { account?: string; clients?: (string | number)[] }[] };
  readonly statistics?: { id?: string; formula?: string }[];
  readonly plans?: PlanData[];
  readonly modifiers?: Record<string, unknown>[];
  readonly assignments?: { plan?: string; scope?: unknown; from?: string; until?: string }[];
  readonly [key: string]: unknown;
}

export interface PlanData {
  readonly id?: string;
  readonly name?: string;
  readonly minimum?: { amount?: string | number; label?: string; prorate?: unknown };
  readonly lines?: Record<string, unknown>[];
  readonly [key: string]: unknown;
}

function parse(text: string): Document {
  return parseDocument(text, { uniqueKeys: true });
}

export function readSetup(text: string): SetupDoc {
  const doc = parse(text);
  const error = doc.errors[0];
  if (error) return { data: null, syntaxError: error.message.split('\n')[0] ?? 'not valid YAML' };
  const data = doc.toJS() as unknown;
  return { data: data && typeof data === 'object' && !Array.isArray(data) ? (data as SetupData) : {}, syntaxError: null };
}

/**
 * The text with the value at `path` set; an empty value (undefined or '') removes the key, so an
 * optional field cleared in a form leaves the file.
 * @example setValue("plans:\n  - id: a # ours\n", ['plans', 0, 'name'], 'A') // "plans:\n  - id: a # ours\n    name: A\n"
 */
export function setValue(text: string, path: Path, value: unknown): string {
  return edit(text, (doc) => {
    if (value === undefined || value === '') doc.deleteIn(path);
    else doc.setIn(path, doc.createNode(value, { flow: isFlowParent(doc, path) }));
  });
}

/** The text with `value` appended to the list at `path` (created when missing). */
export function appendValue(text: string, path: Path, value: unknown): string {
  return edit(text, (doc) => {
    const list = doc.getIn(path, true);
    if (isSeq(list)) list.add(doc.createNode(value));
    else doc.setIn(path, doc.createNode([value]));
  });
}

/** The text without the item at `path`. */
export function removeValue(text: string, path: Path): string {
  return edit(text, (doc) => doc.deleteIn(path));
}

/** The text with a whole object at `path` replaced, keeping the node (and its comments) when it is a map. */
export function replaceObject(text: string, path: Path, value: Readonly<Record<string, unknown>>): string {
  return edit(text, (doc) => {
    const node = doc.getIn(path, true);
    if (!isMap(node)) {
      doc.setIn(path, doc.createNode(value));
      return;
    }
    for (const item of [...node.items]) {
      const key = String((item.key as { value?: unknown })?.value ?? item.key);
      if (!(key in value) || value[key] === undefined || value[key] === '') node.delete(key);
    }
    for (const [key, v] of Object.entries(value)) if (v !== undefined && v !== '') node.set(key, doc.createNode(v, { flow: node.flow ?? false }));
  });
}

function edit(text: string, change: (doc: Document) => void): string {
  const doc = parse(text.trim() === '' ? '{}' : text);
  if (doc.errors.length > 0) return text;
  if (doc.contents === null) doc.contents = doc.createNode({});
  change(doc);
  return doc.toString({ lineWidth: 0, flowCollectionPadding: true });
}

/** New values inside a one-line `{ … }` object are written in its style. */
function isFlowParent(doc: Document, path: Path): boolean {
  const parent = doc.getIn(path.slice(0, -1), true) as { flow?: boolean } | undefined;
  return parent?.flow === true;
}
