/**
 * The grip on a column header's right edge. Drag it to resize the column, double-click it to go back
 * to the default width; focused, the arrow keys resize by 10 px. It keeps its events from the header
 * button (sorting) and from the grid (selection).
 */
import { createSignal } from 'solid-js';

const KEY_STEP = 10;

export function ColumnResizer(props: { label: string; width: number; onResize: (width: number | undefined) => void }) {
  const [dragging, setDragging] = createSignal(false);
  let startX = 0;
  let startWidth = 0;

  const onPointerDown = (event: PointerEvent) => {
    if (event.button !== 0) return;
    event.stopPropagation();
    event.preventDefault();
    (event.currentTarget as HTMLElement).setPointerCapture(event.pointerId);
    startX = event.clientX;
    startWidth = props.width;
    setDragging(true);
  };
  const onPointerMove = (event: PointerEvent) => {
    if (dragging()) props.onResize(startWidth + event.clientX - startX);
  };
  const onPointerUp = (event: PointerEvent) => {
    event.stopPropagation();
    setDragging(false);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    const step = event.key === 'ArrowRight' ? KEY_STEP : event.key === 'ArrowLeft' ? -KEY_STEP : 0;
    if (step === 0) return;
    event.preventDefault();
    event.stopPropagation();
    props.onResize(props.width + step);
  };

  return (
    <div
      class="column-resizer"
      classList={{ dragging: dragging() }}
      role="separator"
      aria-orientation="vertical"
      aria-label={`Resize ${props.label}`}
      aria-valuenow={props.width}
      tabindex={-1}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onClick={(event) => event.stopPropagation()}
      onDblClick={(event) => {
        event.stopPropagation();
        props.onResize(undefined);
      }}
      onKeyDown={onKeyDown}
    />
  );
}
