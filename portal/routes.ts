/**
 * Hash routes (`/#/tickets/T-2026-000123`): the API owns the origin's paths (`/tickets`, `/me`…), so the
 * portal's own addresses live after the `#`, where they never reach the server. Emails link to
 * `<portalUrl>/#/…`.
 */
export type Route =
  | { page: 'home' }
  | { page: 'tickets' }
  | { page: 'ticket'; id: string }
  /** The staff console: `rest` is the path after `/console/` (`queue`, `tickets/T-2026-000123`…), `query` what follows `?`. */
  | { page: 'console'; rest: string; query: string }
  | { page: 'new-ticket' }
  | { page: 'packages' }
  | { page: 'hours'; month?: string }
  | { page: 'faq' }
  | { page: 'included' }
  | { page: 'not-found'; path: string };

export function parse(hash: string): Route {
  const raw = hash.replace(/^#/, '');
  const q = raw.indexOf('?');
  // Only the console's pages read a query (the queue's filters live in the address, shareable).
  const query = q >= 0 ? raw.slice(q + 1) : '';
  const path = (q >= 0 ? raw.slice(0, q) : raw).replace(/\/+$/, '') || '/';
  const parts = path.split('/').filter(Boolean).map((p) => {
    try {
      return decodeURIComponent(p);
    } catch {
      return p;
    }
  });
  if (parts.length === 0) return { page: 'home' };
  if (parts[0] === 'tickets' && parts.length === 1) return { page: 'tickets' };
  if (parts[0] === 'tickets' && parts[1] === 'new' && parts.length === 2) return { page: 'new-ticket' };
  if (parts[0] === 'packages' && parts.length === 1) return { page: 'packages' };
  if (parts[0] === 'tickets' && parts.length === 2) return { page: 'ticket', id: parts[1]! };
  if (parts[0] === 'hours' && parts.length === 1) return { page: 'hours' };
  if (parts[0] === 'hours' && parts.length === 2 && /^\d{4}-(0[1-9]|1[0-2])$/.test(parts[1]!)) return { page: 'hours', month: parts[1]! };
  if (parts[0] === 'faq' && parts.length === 1) return { page: 'faq' };
  if (parts[0] === 'included' && parts.length === 1) return { page: 'included' };
  if (parts[0] === 'console') return { page: 'console', rest: parts.slice(1).join('/'), query };
  return { page: 'not-found', path };
}

/** `href` for a route: always a hash link, so it works with the keyboard, middle click and "copy link". */
export function href(path: string): string {
  return `#${path.startsWith('/') ? path : `/${path}`}`;
}
