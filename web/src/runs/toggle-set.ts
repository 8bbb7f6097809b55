/** Which of many things are open (a line's steps, a value's rows): `isOpen(key)` and `toggle(key)`, reactive. */
import { createSignal } from 'solid-js';

export function createToggleSet() {
  const [open, setOpen] = createSignal<ReadonlySet<string>>(new Set());
  return {
    isOpen: (key: string) => open().has(key),
    toggle(key: string) {
      const next = new Set(open());
      if (next.has(key)) next.delete(key);
      else next.add(key);
      setOpen(next);
    },
  };
}
