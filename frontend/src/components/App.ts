import { useEffect } from 'preact/hooks';
import { describeError, NetworkError } from '../api';
import { fmtClock } from '../format';
import { html } from '../html';
import { allows, signOut, useMe, type Me } from '../auth';
import { stopLive, useLive, type LiveState } from '../live';
import { parse, paths, useLocation, type Route } from '../router';
import { AuditPage } from '../pages/AuditPage';
import { StatePage } from '../pages/StatePage';
import { DiffPage } from '../pages/DiffPage';
import { ExperimentPage, ExperimentsPage } from '../pages/ExperimentsPage';
import { JobPage } from '../pages/JobPage';
import { OverviewPage } from '../pages/OverviewPage';
import { ReplayPage } from '../pages/ReplayPage';
import { ReplaysPage } from '../pages/ReplaysPage';
import { SavepointsPage } from '../pages/SavepointsPage';
import { SignInPage } from '../pages/SignInPage';
import { TokensPage } from '../pages/TokensPage';
import { UsersPage } from '../pages/UsersPage';
import { PanelBoundary } from './PanelBoundary';

/** Says that the live stream dropped and what the page shows meanwhile. */
function StreamBanner({ live }: { live: LiveState }) {
  const unreachable = live.error instanceof NetworkError || live.stream !== 'live';
  return html`
    <div class="banner" role="alert" data-testid="api-banner">
      <strong>${unreachable ? 'Live updates lost' : 'API error'}</strong>
      ${' — reconnecting. '}
      <span class="muted">(${describeError(live.error)})</span>
      ${live.updatedAt !== undefined ? html`<span class="muted"> Showing figures from ${fmtClock(live.updatedAt)}.</span>` : null}
    </div>
  `;
}

function StreamState({ live }: { live: LiveState }) {
  const text =
    live.stream === 'live'
      ? `live · ${live.updatedAt === undefined ? '' : fmtClock(live.updatedAt)}`
      : live.stream === 'reconnecting' ? 'reconnecting…' : 'connecting…';
  return html`
    <small class="muted live" data-testid="stream-state" data-state=${live.stream}
      title="Figures are pushed by the server (GET /api/events) once a second">
      <span class=${live.stream === 'live' ? 'dot' : live.stream === 'connecting' ? 'dot dot-wait' : 'dot dot-down'}></span>${text}
    </small>
  `;
}

const NAV: { label: string; href: string; active: (r: Route) => boolean; admin?: boolean }[] = [
  { label: 'Overview', href: paths.overview(), active: (r) => r.page === 'overview' || r.page === 'job' || r.page === 'diff' || r.page === 'state' || r.page === 'replays' || r.page === 'replay' },
  { label: 'Savepoints', href: paths.savepoints(), active: (r) => r.page === 'savepoints' },
  { label: 'Experiments', href: paths.experiments(), active: (r) => r.page === 'experiments' || r.page === 'experiment' },
  { label: 'Audit log', href: paths.audit(), active: (r) => r.page === 'audit' },
  { label: 'Tokens', href: paths.tokens(), active: (r) => r.page === 'tokens' },
  { label: 'Users', href: paths.users(), active: (r) => r.page === 'users', admin: true },
];

function title(route: Route): string {
  switch (route.page) {
    case 'overview': return 'Tally — overview';
    case 'job': return `Tally — ${route.name}`;
    case 'diff': return `Tally — ${route.name} v${route.a} → v${route.b}`;
    case 'state': return `Tally — ${route.name} state`;
    case 'replays': return `Tally — ${route.name} replays`;
    case 'replay': return `Tally — ${route.name} replay #${route.id}`;
    case 'savepoints': return 'Tally — savepoints';
    case 'experiments': return 'Tally — experiments';
    case 'experiment': return `Tally — ${route.name} experiment ${route.id}`;
    case 'audit': return 'Tally — audit log';
    case 'tokens': return 'Tally — API tokens';
    case 'users': return 'Tally — users';
    default: return 'Tally — not found';
  }
}

function Page({ route, search, me }: { route: Route; search: string; me: Me }) {
  switch (route.page) {
    case 'overview': return html`<${OverviewPage} />`;
    case 'job': return html`<${JobPage} key=${route.name} name=${route.name} />`;
    case 'diff': return html`<${DiffPage} name=${route.name} a=${route.a} b=${route.b} />`;
    case 'state': return html`<${StatePage} key=${route.name} name=${route.name} />`;
    case 'replays': return html`<${ReplaysPage} key=${route.name} name=${route.name} />`;
    case 'replay': return html`<${ReplayPage} key=${`${route.name}/${route.id}`} name=${route.name} id=${route.id} />`;
    case 'savepoints': return html`<${SavepointsPage} />`;
    case 'experiments': return html`<${ExperimentsPage} />`;
    case 'experiment': return html`<${ExperimentPage} key=${`${route.name}/${route.id}`} name=${route.name} id=${route.id} />`;
    case 'audit': return html`<${AuditPage} search=${search} />`;
    case 'tokens': return html`<${TokensPage} me=${me} />`;
    case 'users': return allows(me, 'ADMIN') ? html`<${UsersPage} me=${me} />`
      : html`<section data-testid="not-allowed"><h2>Users</h2><p>Only an ADMIN manages users.</p></section>`;
    default:
      return html`<section data-testid="not-found"><h2>No such page</h2>
        <p>Nothing lives at <code>${route.path}</code>. <a href="/">Go to the overview</a>.</p></section>`;
  }
}

/** Who is signed in, with the sign-out button. */
function Account({ me }: { me: Me }) {
  return html`
    <div class="account small" data-testid="account">
      <span data-testid="account-name">${me.username}</span> <span class="badge" data-testid="account-role">${me.role}</span>
      <button class="btn-sm secondary" data-testid="sign-out" onClick=${() => void signOut()}>Sign out</button>
    </div>
  `;
}

/** The dashboard: the sign-in form until someone is signed in, then the pages that role may use. */
export function App() {
  const me = useMe();
  useEffect(() => {
    if (me === null) stopLive();
  }, [me]);
  if (me === undefined) return html`<main class="container" aria-busy="true"></main>`;
  if (me === null) return html`<${SignInPage} />`;
  return html`<${SignedIn} me=${me} />`;
}

function SignedIn({ me }: { me: Me }) {
  const loc = useLocation();
  const route = parse(loc.path);
  const live = useLive();
  useEffect(() => {
    document.title = title(route);
  }, [loc.path]);
  const down = live.error !== undefined && (live.stream !== 'live' || live.jobs === undefined);
  return html`
    <div data-role=${me.role}>
      <header class="container app-header">
        <hgroup>
          <h1><a href="/" class="brand">Tally</a></h1>
          <p>continuous counting</p>
        </hgroup>
        <nav class="app-nav" aria-label="Pages">
          <ul>
            ${NAV.filter((n) => !n.admin || allows(me, 'ADMIN')).map((n) => html`<li><a href=${n.href} aria-current=${n.active(route) ? 'page' : undefined}
              data-testid=${`nav-${n.label.split(' ')[0]?.toLowerCase()}`}>${n.label}</a></li>`)}
          </ul>
        </nav>
        <${StreamState} live=${live} />
        <${Account} me=${me} />
      </header>
      <main class="container" data-page=${route.page}>
        ${down ? html`<${StreamBanner} live=${live} />` : null}
        <${PanelBoundary} key=${loc.path} name="This page">
          <${Page} route=${route} search=${loc.search} me=${me} />
        <//>
      </main>
    </div>
  `;
}
