/**
 * The customer portal: the answering service's branding, then the login or invite page for a
 * visitor, or for a signed-in client user the header (service, user, log out), the pages' links,
 * how fresh the data is, and the page the address names.
 */
import { createEffect, createResource, createSignal, Match, Show, Switch } from 'solid-js';
import { navigate, route } from '../shell/route.ts';
import { applyBranding } from './branding.ts';
import { DrilldownPage } from './drilldown-page.tsx';
import { FreshnessLine } from './freshness-line.tsx';
import { InvitePage } from './invite-page.tsx';
import { InvoicesPage } from './invoices-page.tsx';
import { LoginPage } from './login-page.tsx';
import * as portal from './portal-api.ts';
import { PortalNav } from './portal-nav.tsx';
import { PUBLIC_VIEWS } from './portal-routes.ts';
import { StatisticsPage } from './statistics-page.tsx';
import { Loading } from './states.tsx';
import { TrendsPage } from './trends-page.tsx';

export function PortalApp() {
  // Without an answer (the server restarting), the portal keeps its own look.
  const [brand] = createResource(() => portal.branding().catch(() => undefined));
  createEffect(() => {
    const found = brand();
    if (found) applyBranding(found);
  });
  // Who is signed in: read once, again after a login; a 401 on any page's data ends it.
  const [signIns, setSignIns] = createSignal(1);
  const [me, { mutate }] = createResource(signIns, () => portal.me().catch(() => null));
  portal.whenSignedOut(() => {
    mutate(null);
    navigate('login', { replace: true });
  });
  const isPublic = () => PUBLIC_VIEWS.has(route().view);
  createEffect(() => {
    // A signed-in user on the login page, or a visitor on a page: to where they belong.
    if (me.loading) return;
    if (me() && route().view === 'login') navigate('statistics', { replace: true });
    else if (me() === null && !isPublic()) navigate('login', { replace: true });
  });

  const logOut = async () => {
    await portal.logOut().catch(() => undefined);
    mutate(null);
    navigate('login');
  };

  return (
    <div class="portal">
      <header class="portal-header">
        <Show when={brand()?.logoUrl}>{(logo) => <img class="portal-logo" src={logo()} alt="" />}</Show>
        <p class="portal-service">{brand()?.name ?? 'Statistics'}</p>
        <Show when={me()}>
          {(user) => (
            <div class="portal-user">
              <span>
                Signed in as <strong>{user().name}</strong>
              </span>
              <button type="button" class="portal-button secondary" onClick={() => void logOut()}>
                Log out
              </button>
            </div>
          )}
        </Show>
      </header>
      <Show when={me()}>
        <PortalNav />
      </Show>
      <main class="portal-main" id="portal-main">
        <Show when={me()}>{(user) => <FreshnessLine freshness={user().freshness} />}</Show>
        <Switch>
          <Match when={brand() && !brand()?.enabled}>
            <section class="portal-card">
              <h1>The statistics portal is not open</h1>
              <p>{brand()?.name} has not opened its statistics portal yet.</p>
            </section>
          </Match>
          <Match when={route().view === 'invite'}>
            <InvitePage token={route().segments[0] ?? ''} />
          </Match>
          <Match when={me.loading && !me.latest}>
            <Loading label="Opening your statistics…" />
          </Match>
          <Match when={route().view === 'login' || (me() === null && !me.loading)}>
            <LoginPage serviceName={brand()?.name ?? ''} onSignedIn={() => setSignIns((n) => n + 1)} />
          </Match>
          <Match when={me()}>
            {(user) => (
              <Switch fallback={<StatisticsPage me={user()} period={route().segments[0]} />}>
                <Match when={route().view === 'trends'}>
                  <TrendsPage me={user()} statistic={route().segments[0]} period={route().segments[1]} client={route().segments[2]} />
                </Match>
                <Match when={route().view === 'drilldown'}>
                  <DrilldownPage me={user()} statistic={route().segments[0] ?? ''} period={route().segments[1] ?? ''} client={route().segments[2]} />
                </Match>
                <Match when={route().view === 'invoices'}>
                  <InvoicesPage />
                </Match>
              </Switch>
            )}
          </Match>
        </Switch>
      </main>
    </div>
  );
}
