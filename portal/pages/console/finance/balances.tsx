import { useEffect, useRef, useState } from 'preact/hooks';
import type { CustomerBalanceSort } from '#contracts/requests';
import type { CustomerBalance, CustomerRate } from '#contracts/responses';
import { api, ApiError } from '../../../api/client';
import { ErrorSummary, Field, type FieldErrors } from '../../../components/form';
import { useLoad } from '../../../components/load';
import { Failed, Loading, Page } from '../../../components/page';
import { duration, lang, money, t } from '../../../i18n/index';
import { consoleHref, type AreaProps } from '../areas';
import { cm } from '../i18n';
import { euroText, fm, parseEuro } from './i18n';

/**
 * Finance's balances of every account: a table sorted by name or by a balance over all accounts (the
 * sort, order and search live in the address, so a view can be shared), a page at a time, and per
 * account its rate with a form to change it. The server sorts and pages (`GET /finance/customers`).
 */
const SORTS: readonly CustomerBalanceSort[] = ['name', 'free', 'package', 'consuntivo'];

interface View {
  sort: CustomerBalanceSort;
  order: 'asc' | 'desc';
  q: string;
}

function viewOf(query: URLSearchParams): View {
  const sort = SORTS.find((s) => s === query.get('sort')) ?? 'name';
  return { sort, order: query.get('order') === 'desc' ? 'desc' : 'asc', q: query.get('q') ?? '' };
}

function go(view: View): void {
  const q = new URLSearchParams();
  if (view.sort !== 'name') q.set('sort', view.sort);
  if (view.order !== 'asc') q.set('order', view.order);
  if (view.q) q.set('q', view.q);
  location.hash = consoleHref('balances', [], q);
}

type Pages = { items: CustomerBalance[]; nextCursor?: string | undefined };

const fetchPage = (view: View, cursor?: string) =>
  api.listCustomerBalances({ query: { sort: view.sort, order: view.order, limit: 50, ...(view.q ? { q: view.q } : {}), ...(cursor ? { cursor } : {}) } });

function RateForm(props: { row: CustomerBalance; onDone: (r?: CustomerRate) => void }) {
  const m = fm.value;
  const [value, setValue] = useState(euroText(props.row.hourlyRateCents, lang.value === 'it'));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string>();
  const [focusKey, setFocusKey] = useState(0);
  const [busy, setBusy] = useState(false);
  const fail = (e: FieldErrors, g?: string) => (setErrors(e), setGeneral(g), setFocusKey((k) => k + 1));
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);

  async function submit(e: Event) {
    e.preventDefault();
    const cents = parseEuro(value);
    if (cents === undefined || cents > 10_000_000) return fail({ hourlyRateCents: m.rateInvalid });
    setBusy(true);
    try {
      props.onDone(await api.putCustomerRate({ params: { id: props.row.id }, body: { hourlyRateCents: cents } }));
    } catch (err) {
      const status = err instanceof ApiError ? err.status : 0;
      if (status === 400) fail({ hourlyRateCents: m.rateInvalid });
      else fail({}, status === 404 ? m.notFound : status ? t.value.pages_refused : t.value.errorOffline);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="card finance-form" aria-labelledby="rate-title">
      <h2 id="rate-title">{m.rateTitle(props.row.name)}</h2>
      <ErrorSummary errors={errors} general={general} labels={{ hourlyRateCents: m.rateLabel }} focusKey={focusKey} />
      <form class="form" onSubmit={submit} noValidate>
        <Field id="hourlyRateCents" label={m.rateLabel} hint={m.rateHint} error={errors.hourlyRateCents}>
          {(a) => <input {...a} type="text" inputMode="decimal" autoComplete="off" value={value} onInput={(e) => setValue(e.currentTarget.value)} ref={input} />}
        </Field>
        <div class="actions">
          <button type="submit" disabled={busy}>
            {m.rateSave}
          </button>
          <button type="button" class="button-secondary" onClick={() => props.onDone()}>
            {m.cancel}
          </button>
        </div>
      </form>
    </section>
  );
}

export default function BalancesArea(props: AreaProps) {
  const m = fm.value;
  const view = viewOf(props.query);
  const key = `${view.sort}|${view.order}|${view.q}`;
  // Tagged with its view: on the render that changes the view, the old rows are not shown under the new sort.
  const loaded = useLoad(() => fetchPage(view).then((page) => ({ key, page })), key);
  const first = loaded.state === 'ok' && loaded.data.key !== key ? ({ state: 'loading' } as const) : loaded;
  const [more, setMore] = useState<{ key: string; pages: Pages }>();
  const [editing, setEditing] = useState<CustomerBalance>();
  const [saved, setSaved] = useState<string>();
  const [changed, setChanged] = useState<Record<string, number>>({});
  const [loadingMore, setLoadingMore] = useState(false);

  if (first.state !== 'ok') return <Page title={cm.value.navBalances}>{first.state === 'loading' ? <Loading /> : <Failed onRetry={() => location.reload()} />}</Page>;
  const extra = more?.key === key ? more.pages : undefined;
  const rows = [...first.data.page.items, ...(extra?.items ?? [])].map((r) => (changed[r.id] === undefined ? r : { ...r, hourlyRateCents: changed[r.id]! }));
  const next = extra ? extra.nextCursor : first.data.page.nextCursor;
  const label: Record<CustomerBalanceSort, string> = { name: m.account, free: m.free, package: m.packages, consuntivo: m.consuntivo };

  async function loadMore() {
    setLoadingMore(true);
    try {
      const page = await fetchPage(view, next);
      setMore({ key, pages: { items: [...(extra?.items ?? []), ...page.items], nextCursor: page.nextCursor } });
    } finally {
      setLoadingMore(false);
    }
  }

  const header = (sort: CustomerBalanceSort, numeric: boolean) => {
    const on = view.sort === sort;
    const order = on && view.order === 'asc' ? 'desc' : 'asc';
    return (
      <th scope="col" aria-sort={on ? (view.order === 'asc' ? 'ascending' : 'descending') : undefined} class={numeric ? 'num' : undefined}>
        <button type="button" class="sort" aria-label={m.sortBy(label[sort])} onClick={() => go({ ...view, sort, order: on ? order : sort === 'name' ? 'asc' : 'desc' })}>
          {label[sort]}
          <span aria-hidden="true">{on ? (view.order === 'asc' ? ' ▲' : ' ▼') : ' ↕'}</span>
        </button>
      </th>
    );
  };

  return (
    <Page title={cm.value.navBalances}>
      <form
        class="finance-search"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          go({ ...view, q: (new FormData(e.currentTarget).get('q') as string).trim() });
        }}
      >
        <div class="field">
          <label for="q">{m.search}</label>
          <input id="q" name="q" type="search" defaultValue={view.q} placeholder={m.searchHint} />
        </div>
        <button type="submit">{m.searchButton}</button>
        {view.q && (
          <button type="button" class="button-secondary" onClick={() => go({ ...view, q: '' })}>
            {m.clearSearch}
          </button>
        )}
      </form>
      {saved && (
        <p class="banner banner-ok" role="status">
          {saved}
        </p>
      )}
      {editing && (
        <RateForm
          row={editing}
          onDone={(r) => {
            if (r) {
              setChanged((c) => ({ ...c, [r.id]: r.hourlyRateCents }));
              setSaved(m.rateSaved(editing.name, money(r.hourlyRateCents), money(r.previousHourlyRateCents)));
            }
            setEditing(undefined);
          }}
        />
      )}
      {rows.length === 0 ? (
        <p>{m.none}</p>
      ) : (
        <div class="table-wrap">
          <table class="numbers stack-table finance-table">
            <caption class="visually-hidden">{cm.value.navBalances}</caption>
            <thead>
              <tr>
                {header('name', false)}
                <th scope="col" class="num">
                  {m.rate}
                </th>
                {header('free', true)}
                {header('package', true)}
                {header('consuntivo', true)}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <th scope="row">{r.name}</th>
                  <td data-label={m.rate}>
                    {m.perHour(money(r.hourlyRateCents))}{' '}
                    <button type="button" class="button-secondary button-small" aria-label={m.editRate(r.name)} onClick={() => (setSaved(undefined), setEditing(r))}>
                      {m.edit}
                    </button>
                  </td>
                  <td data-label={m.free}>{m.of(duration(r.freeMinutesRemaining), duration(r.freeMinutesGranted))}</td>
                  <td data-label={m.packages}>{duration(r.packageMinutesRemaining)}</td>
                  <td data-label={m.consuntivo}>
                    {money(r.consuntivoAmountCentsThisPeriod)} <span class="muted">({duration(r.consuntivoMinutesThisPeriod)})</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {next && (
        <button type="button" class="button-secondary" disabled={loadingMore} onClick={loadMore}>
          {m.more}
        </button>
      )}
    </Page>
  );
}
