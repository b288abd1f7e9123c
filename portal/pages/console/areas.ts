import type { ComponentType } from 'preact';
import type { StaffRole } from '#contracts/vocabulary';
import type { cm } from './i18n';

/**
 * The console's areas: the first segment of `#/console/<area>/…`, who may open each (the same roles the
 * API's routes allow, so a link is never shown to someone the server would refuse), the nav label, and the
 * lazy chunk that draws it. Each area is its own chunk: a technician never downloads finance's code.
 */
export interface AreaProps {
  /** The segments after `#/console/<area>/`, decoded. */
  path: string[];
  /** The address's query (`#/console/queue?status=open`): filters live there, shareable. */
  query: URLSearchParams;
  role: StaffRole;
}

export type AreaId = 'queue' | 'tickets' | 'incidents' | 'supervisor' | 'balances' | 'catalogue' | 'exports' | 'sla' | 'customers' | 'users';

export interface Area {
  id: AreaId;
  roles: readonly StaffRole[];
  /** Its nav label; undefined for areas reached only by links (a ticket's workspace). */
  label?: keyof typeof cm.value;
  load: () => Promise<{ default: ComponentType<AreaProps> }>;
}

const TECH = ['technician', 'supervisor'] as const;
const MONEY = ['finance', 'admin'] as const;

export const AREAS: readonly Area[] = [
  { id: 'queue', roles: TECH, label: 'navQueue', load: () => import('./queue/index') },
  { id: 'tickets', roles: TECH, load: () => import('./ticket/index') },
  { id: 'incidents', roles: TECH, label: 'navIncidents', load: () => import('./incidents/index') },
  { id: 'supervisor', roles: ['supervisor'], label: 'navSupervisor', load: () => import('./supervisor/index') },
  { id: 'balances', roles: MONEY, label: 'navBalances', load: () => import('./finance/balances') },
  { id: 'catalogue', roles: MONEY, label: 'navCatalogue', load: () => import('./finance/catalogue') },
  { id: 'exports', roles: MONEY, label: 'navExports', load: () => import('./finance/exports') },
  { id: 'sla', roles: MONEY, label: 'navSla', load: () => import('./sla/index') },
  { id: 'customers', roles: ['admin'], label: 'navCustomers', load: () => import('./admin/customers') },
  { id: 'users', roles: ['admin'], label: 'navUsers', load: () => import('./admin/users') },
];

/** Where `#/console` takes each role: the first area it may open. */
export function homeArea(role: StaffRole): Area {
  return AREAS.find((a) => a.label && a.roles.includes(role))!;
}

/** `#/console/<area>/<path…>?<query>` */
export function consoleHref(area: AreaId, path: readonly string[] = [], query?: URLSearchParams): string {
  const tail = path.map(encodeURIComponent).join('/');
  const q = query?.toString();
  return `#/console/${area}${tail ? `/${tail}` : ''}${q ? `?${q}` : ''}`;
}
