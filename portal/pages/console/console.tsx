import { signal } from '@preact/signals';
import type { ComponentType } from 'preact';
import type { StaffRole } from '#contracts/vocabulary';
import { me } from '../../api/session';
import { Failed, Loading } from '../../components/page';
import { route, type Route } from '../../router';
import { NotFound } from '../errors/errors';
import { AREAS, consoleHref, homeArea, type Area, type AreaId, type AreaProps } from './areas';
import { cm } from './i18n';
import { ShortcutsSheet } from './shortcuts';

/**
 * The staff console (technicians, supervisors, finance, admin): its navigation, the keyboard cheat sheet,
 * and the area the address names (`#/console/<area>/…`), each area a chunk loaded on first use. A role
 * sees only the areas its API routes allow; an area it may not open reads as not found.
 */
const loaded = signal<Partial<Record<AreaId, ComponentType<AreaProps>>>>({});
const failed = signal<Partial<Record<AreaId, boolean>>>({});

function load(area: Area): void {
  if (loaded.value[area.id] || failed.value[area.id]) return;
  area.load().then(
    (mod) => (loaded.value = { ...loaded.value, [area.id]: mod.default }),
    () => (failed.value = { ...failed.value, [area.id]: true }),
  );
}

function ConsoleNav(props: { role: StaffRole; current: AreaId }) {
  const m = cm.value;
  const areas = AREAS.filter((a) => a.label && a.roles.includes(props.role));
  return (
    <nav aria-label={m.consoleNav} class="site-nav console-nav">
      <ul>
        {areas.map((a) => (
          <li key={a.id}>
            <a href={consoleHref(a.id)} aria-current={a.id === props.current ? 'page' : undefined}>
              {m[a.label!]}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/**
 * Where a staff member is in the console. The portal's home is the console's home, and a customer's ticket
 * address (what emails link to) opens the same ticket in the workspace.
 */
function consolePath(r: Route): { rest: string; query: string } | undefined {
  if (r.page === 'console') return r;
  if (r.page === 'home') return { rest: '', query: '' };
  if (r.page === 'tickets') return { rest: 'queue', query: '' };
  if (r.page === 'ticket') return { rest: `tickets/${r.id}`, query: '' };
  return undefined;
}

export default function ConsolePage() {
  const who = me.value;
  const r = route.value;
  if (!who || who.role === 'customer') return <NotFound />;
  const role = who.role;
  const at = consolePath(r);
  if (!at) return <NotFound />;
  const [first, ...path] = at.rest.split('/').filter(Boolean);
  const area = first ? AREAS.find((a) => a.id === first) : homeArea(role);
  if (!area || !area.roles.includes(role)) return <NotFound />;
  load(area);
  const Area = loaded.value[area.id];
  const current: AreaId = area.id === 'tickets' ? 'queue' : area.id;
  return (
    <div class="console">
      <ConsoleNav role={role} current={current} />
      {failed.value[area.id] ? <Failed onRetry={() => location.reload()} /> : Area ? <Area path={path} query={new URLSearchParams(at.query)} role={role} /> : <Loading />}
      <ShortcutsSheet />
    </div>
  );
}
