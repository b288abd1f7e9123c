import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { QueueItem, QueuePage } from '#contracts/responses';
import { CATEGORIES, QUEUE_SLA_STATES, QUEUE_STATUSES, type CategoryId, type QueueSlaState, type QueueStatus } from '#contracts/vocabulary';
import { api, getIfChanged } from '../../../api/client';
import { useLive } from '../../../components/live';
import { Failed, Loading, Page } from '../../../components/page';
import { duration, lang } from '../../../i18n/index';
import { consoleHref, type AreaProps } from '../areas';
import { saveQueueOrder } from '../queue-order';
import { SlaBadge, slaWords } from '../sla-badge';
import { useShortcuts } from '../shortcuts';
import { qm } from './i18n';
import { deleteView, saveView, savedViews, type SavedView } from './views';

/**
 * The technicians' queue (`GET /queue`): open and in-progress tickets of every account, most urgent SLA
 * first. The filters live in the address (`#/console/queue?status=open&sla=at_risk`), so a filtered queue
 * is a link to share or to save as a view; each filter's choices show how many tickets they hold. The
 * first page is live (conditional GETs); `j`/`k` move the selection, which survives a refresh (it follows
 * the ticket, not the row), `Enter` opens the workspace, `/` goes to the filters.
 */
interface Filters {
  status?: QueueStatus;
  sla?: QueueSlaState;
  category?: CategoryId;
  customerId?: string;
}

const PAGE = 25;

function filtersOf(query: URLSearchParams): Filters {
  const pick = <T extends string>(name: string, allowed: readonly T[]) => {
    const v = query.get(name);
    return v && (allowed as readonly string[]).includes(v) ? (v as T) : undefined;
  };
  const customerId = query.get('customerId')?.slice(0, 64) || undefined;
  const f: Filters = {};
  const status = pick('status', QUEUE_STATUSES);
  const sla = pick('sla', QUEUE_SLA_STATES);
  const category = pick('category', CATEGORIES.map((c) => c.id));
  if (status) f.status = status;
  if (sla) f.sla = sla;
  if (category) f.category = category;
  if (customerId) f.customerId = customerId;
  return f;
}

/** The filters as the address's query, in a fixed order so the same filters are the same link. */
function queryOf(f: Filters): URLSearchParams {
  const q = new URLSearchParams();
  for (const name of ['status', 'sla', 'category', 'customerId'] as const) if (f[name]) q.set(name, f[name]!);
  return q;
}

const go = (f: Filters) => (location.hash = consoleHref('queue', [], queryOf(f)));

function FiltersForm(props: { filters: Filters; data: QueuePage | undefined; firstRef: { current: HTMLSelectElement | null } }) {
  const m = qm.value;
  const s = slaWords.value;
  const f = props.filters;
  const c = props.data?.counts;
  const set = (patch: Filters) => {
    const next: Filters = { ...f, ...patch };
    for (const k of Object.keys(next) as (keyof Filters)[]) if (!next[k]) delete next[k];
    go(next);
  };
  const accounts = props.data?.accounts ?? [];
  const known = !f.customerId || accounts.some((a) => a.id === f.customerId);
  return (
    <form class="queue-filters" aria-label={m.filters} onSubmit={(e) => e.preventDefault()}>
      <div class="field">
        <label for="queue-sla">{m.sla}</label>
        <select id="queue-sla" ref={props.firstRef} value={f.sla ?? ''} onChange={(e) => set({ sla: (e.currentTarget.value || undefined) as QueueSlaState | undefined })}>
          <option value="">{m.any}</option>
          {QUEUE_SLA_STATES.map((state) => (
            <option key={state} value={state}>
              {c ? m.withCount(s[state], c.sla[state]) : s[state]}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="queue-status">{m.status}</label>
        <select id="queue-status" value={f.status ?? ''} onChange={(e) => set({ status: (e.currentTarget.value || undefined) as QueueStatus | undefined })}>
          <option value="">{m.any}</option>
          {QUEUE_STATUSES.map((status) => {
            const label = status === 'open' ? m.statusOpen : m.statusInProgress;
            return (
              <option key={status} value={status}>
                {c ? m.withCount(label, c.status[status]) : label}
              </option>
            );
          })}
        </select>
      </div>
      <div class="field">
        <label for="queue-account">{m.account}</label>
        <select id="queue-account" value={f.customerId ?? ''} onChange={(e) => set({ customerId: e.currentTarget.value || undefined })}>
          <option value="">{m.any}</option>
          {!known && <option value={f.customerId}>{m.withCount(f.customerId!, 0)}</option>}
          {accounts.map((a) => (
            <option key={a.id} value={a.id}>
              {m.withCount(a.name ?? a.id, a.count)}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="queue-category">{m.category}</label>
        <select id="queue-category" value={f.category ?? ''} onChange={(e) => set({ category: (e.currentTarget.value || undefined) as CategoryId | undefined })}>
          <option value="">{m.anyCategory}</option>
          {CATEGORIES.map((cat) => (
            <option key={cat.id} value={cat.id}>
              {cat.label[lang.value]}
            </option>
          ))}
        </select>
      </div>
      {Object.keys(f).length > 0 && (
        <a class="button-secondary queue-clear" href={consoleHref('queue')}>
          {m.clear}
        </a>
      )}
    </form>
  );
}

function Views(props: { current: string }) {
  const m = qm.value;
  const [views, setViews] = useState<SavedView[]>(savedViews);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | undefined>();
  return (
    <section class="queue-views" aria-labelledby="queue-views-title">
      <h2 id="queue-views-title">{m.views}</h2>
      {views.length === 0 ? (
        <p class="muted">{m.noViews}</p>
      ) : (
        <ul class="view-list">
          {views.map((v) => (
            <li key={v.name}>
              <a href={consoleHref('queue', [], new URLSearchParams(v.query))} aria-current={v.query === props.current ? 'true' : undefined}>
                {v.name}
              </a>
              <button type="button" class="button-icon" aria-label={m.deleteView(v.name)} onClick={() => setViews(deleteView(v.name))}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <form
        class="view-save"
        onSubmit={(e) => {
          e.preventDefault();
          const trimmed = name.trim();
          if (!trimmed) return setError(m.viewNameRequired);
          setError(undefined);
          setViews(saveView({ name: trimmed.slice(0, 60), query: props.current }));
          setName('');
        }}
      >
        <div class={`field${error ? ' field-error' : ''}`}>
          <label for="queue-view-name">{m.viewName}</label>
          {error && (
            <p class="error-message" id="queue-view-name-error">
              {error}
            </p>
          )}
          <input id="queue-view-name" value={name} maxLength={60} aria-invalid={error ? 'true' : undefined} aria-describedby={error ? 'queue-view-name-error' : undefined} onInput={(e) => setName(e.currentTarget.value)} />
        </div>
        <button type="submit" class="button-secondary">
          {m.saveView}
        </button>
      </form>
    </section>
  );
}

function QueueTable(props: { items: QueueItem[]; accounts: Map<string, string>; selected: string | undefined; onSelect: (id: string) => void; now: number }) {
  const m = qm.value;
  return (
    <div class="table-wrap">
      <table class="stack-table queue-table">
        <caption class="visually-hidden">{m.title}</caption>
        <thead>
          <tr>
            <th scope="col">{m.number}</th>
            <th scope="col">{m.subject}</th>
            <th scope="col">{m.account}</th>
            <th scope="col">{m.status}</th>
            <th scope="col">{m.sla}</th>
            <th scope="col">{m.age}</th>
          </tr>
        </thead>
        <tbody>
          {props.items.map((item) => {
            const selected = item.id === props.selected;
            const category = CATEGORIES.find((c) => c.id === item.category)?.label[lang.value] ?? item.category;
            return (
              <tr key={item.id} class={selected ? 'selected' : undefined} aria-current={selected ? 'true' : undefined} data-ticket={item.number}>
                <th scope="row">
                  <a href={consoleHref('tickets', [item.number])} onFocus={() => props.onSelect(item.id)}>
                    {item.number}
                  </a>
                </th>
                <td data-label={m.subject}>
                  <div>
                    <span class="queue-subject">{item.subject}</span>
                    <span class="queue-category">{category}</span>
                  </div>
                </td>
                <td data-label={m.account}>{props.accounts.get(item.customerId) ?? item.customerId}</td>
                <td data-label={m.status}>{item.status === 'open' ? m.statusOpen : m.statusInProgress}</td>
                <td data-label={m.sla}>
                  <SlaBadge state={item.queue.slaState} dueAt={item.queue.dueAt} now={props.now} />
                </td>
                <td data-label={m.age} class="num">
                  {duration(Math.max(0, Math.floor((props.now - Date.parse(item.createdAt)) / 60_000)))}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

export default function QueueArea(props: AreaProps) {
  const m = qm.value;
  const filters = useMemo(() => filtersOf(props.query), [props.query.toString()]);
  const current = queryOf(filters).toString();
  const [first] = useLive((etag) => getIfChanged('listQueue', { query: { ...filters, limit: PAGE } }, etag), `queue?${current}`);
  const [more, setMore] = useState<{ key: string; items: QueueItem[]; nextCursor?: string | undefined; names: [string, string][] } | undefined>();
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreFailed, setMoreFailed] = useState(false);
  const [selected, setSelected] = useState<string | undefined>();
  const filtersRef = useRef<HTMLSelectElement>(null);
  const data = first.state === 'ok' ? first.data : undefined;
  const extra = more?.key === current ? more : undefined;
  const items = useMemo(() => {
    const head = data?.items ?? [];
    const seen = new Set(head.map((i) => i.id));
    return [...head, ...(extra?.items ?? []).filter((i) => !seen.has(i.id))];
  }, [data, extra]);
  const accounts = useMemo(() => new Map([...(extra?.names ?? []), ...(data?.accounts ?? []).flatMap((a) => (a.name ? [[a.id, a.name] as [string, string]] : []))]), [data, extra]);
  const numbers = items.map((i) => i.number).join(',');
  useEffect(() => saveQueueOrder(items.map((i) => i.number)), [numbers]);

  // The shortcuts are registered once; they act on the latest rows through this ref.
  const latest = useRef({ items, selected });
  latest.current = { items, selected };
  const move = (step: 1 | -1) => {
    const { items: rows, selected: id } = latest.current;
    if (!rows.length) return;
    const at = rows.findIndex((r) => r.id === id);
    const next = rows[at < 0 ? (step === 1 ? 0 : rows.length - 1) : Math.min(rows.length - 1, Math.max(0, at + step))]!;
    setSelected(next.id);
    document.querySelector<HTMLAnchorElement>(`tr[data-ticket="${next.number}"] a`)?.focus();
  };
  useShortcuts([
    { key: 'j', label: m.keyNext, run: () => move(1) },
    { key: 'k', label: m.keyPrevious, run: () => move(-1) },
    {
      key: 'Enter',
      label: m.keyOpen,
      run: () => {
        // Enter keeps its meaning on whatever button or link has the focus (the selected row's link opens the same ticket).
        const focused = document.activeElement;
        if (focused instanceof HTMLButtonElement || focused instanceof HTMLAnchorElement) return focused.click();
        const row = latest.current.items.find((r) => r.id === latest.current.selected);
        if (row) location.hash = consoleHref('tickets', [row.number]);
      },
    },
    { key: '/', label: m.keyFilters, run: () => filtersRef.current?.focus() },
  ]);

  async function loadMore(cursor: string) {
    setLoadingMore(true);
    setMoreFailed(false);
    try {
      const page = await api.listQueue({ query: { ...filters, limit: PAGE, cursor } });
      setMore({
        key: current,
        items: [...(extra?.items ?? []), ...page.items],
        nextCursor: page.nextCursor,
        names: [...(extra?.names ?? []), ...page.accounts.flatMap((a) => (a.name ? [[a.id, a.name] as [string, string]] : []))],
      });
    } catch {
      setMoreFailed(true);
    } finally {
      setLoadingMore(false);
    }
  }

  const cursor = extra ? extra.nextCursor : data?.nextCursor;
  const now = Date.now();
  return (
    <Page title={m.title}>
      <div class="queue-head">
        <FiltersForm filters={filters} data={data} firstRef={filtersRef} />
        <Views current={current} />
      </div>
      {first.state === 'loading' ? (
            <Loading />
          ) : first.state === 'error' ? (
            <Failed onRetry={() => location.reload()} />
          ) : (
            <>
              <p class="queue-total" role="status">
                {m.total(data!.counts.total)}
              </p>
              {items.length === 0 ? <p class="muted">{m.empty}</p> : <QueueTable items={items} accounts={accounts} selected={selected} onSelect={setSelected} now={now} />}
              {moreFailed && <Failed />}
              {cursor && (
                <button type="button" class="button-secondary" onClick={() => loadMore(cursor)} disabled={loadingMore}>
                  {loadingMore ? '…' : m.more}
                </button>
              )}
            </>
          )}
    </Page>
  );
}
