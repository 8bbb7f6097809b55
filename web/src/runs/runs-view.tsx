export function RunsView(_props: { snapshot: string }) {
  return <main class="view" aria-label="Billing runs" />;
}
