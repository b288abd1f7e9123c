import { useEffect, useRef, useState } from 'preact/hooks';
import type { AccountName, IncidentListed } from '#contracts/responses';
import { api, ApiError } from '../../../api/client';
import { ErrorSummary, Field, problemErrors, useSubmit, type FieldErrors } from '../../../components/form';
import { Failed, Loading, Page } from '../../../components/page';
import { dateTime } from '../../../i18n/index';
import type { AreaProps } from '../areas';
import { accountNames } from './accounts';
import { im } from './i18n';

/**
 * Incidents (technicians and supervisors): the active ones with a close button that asks first, the
 * recently closed, and a form to declare one for chosen accounts (picked by name from `GET /staff/accounts`).
 * The list is `GET /incidents`: active first, then closed, newest first, a page at a time.
 */
interface Listed {
  items: IncidentListed[];
  next?: string;
}

async function firstPage(): Promise<Listed> {
  const page = await api.listIncidents({ query: { limit: 50 } });
  return { items: page.items, ...(page.nextCursor ? { next: page.nextCursor } : {}) };
}

export default function IncidentsArea(_props: AreaProps) {
  const m = im.value;
  const [list, setList] = useState<Listed | 'loading' | 'error'>('loading');
  const [declaring, setDeclaring] = useState(false);
  const [flash, setFlash] = useState<string | undefined>();
  const reload = () =>
    firstPage().then(
      (l) => setList(l),
      () => setList('error'),
    );
  useEffect(() => void reload(), []);

  async function more(l: Listed) {
    const page = await api.listIncidents({ query: { limit: 50, cursor: l.next! } });
    setList({ items: [...l.items, ...page.items], ...(page.nextCursor ? { next: page.nextCursor } : {}) });
  }

  return (
    <Page title={m.title}>
      <p class="muted">{m.intro}</p>
      <p class="visually-hidden" role="status">
        {flash ?? ''}
      </p>
      {flash && <div class="banner banner-ok incident-flash">{flash}</div>}
      {declaring ? (
        <Declare
          onDone={(title) => {
            setDeclaring(false);
            setFlash(m.declared(title));
            void reload();
          }}
          onCancel={() => setDeclaring(false)}
        />
      ) : (
        <p>
          <button type="button" onClick={() => (setFlash(undefined), setDeclaring(true))}>
            {m.declareOpen}
          </button>
        </p>
      )}
      {list === 'loading' ? (
        <Loading />
      ) : list === 'error' ? (
        <Failed onRetry={() => (setList('loading'), void reload())} />
      ) : (
        <>
          <section aria-labelledby="incidents-active">
            <h2 id="incidents-active">{m.activeTitle}</h2>
            {list.items.some((i) => i.status === 'active') ? (
              <ul class="plain incident-list">
                {list.items
                  .filter((i) => i.status === 'active')
                  .map((i) => (
                    <ActiveIncident
                      key={i.id}
                      incident={i}
                      onClosed={(msg) => {
                        setFlash(msg);
                        void reload();
                      }}
                    />
                  ))}
              </ul>
            ) : (
              <p>{m.noneActive}</p>
            )}
          </section>
          <section aria-labelledby="incidents-closed">
            <h2 id="incidents-closed">{m.closedTitle}</h2>
            {list.items.some((i) => i.status === 'closed') ? (
              <ul class="plain incident-list">
                {list.items
                  .filter((i) => i.status === 'closed')
                  .map((i) => (
                    <li key={i.id} class="card incident incident-closed">
                      <h3>{i.title}</h3>
                      <p class="muted">
                        {m.fromTo(dateTime(i.startedAt), dateTime(i.closedAt ?? i.startedAt))} · {m.closedBy(i.closedBy ?? '—')}
                      </p>
                      <Accounts accounts={i.accounts} />
                    </li>
                  ))}
              </ul>
            ) : (
              <p>{m.noneClosed}</p>
            )}
            {list.next && (
              <button type="button" class="button-secondary" onClick={() => void more(list)}>
                {m.more}
              </button>
            )}
          </section>
        </>
      )}
    </Page>
  );
}

function Accounts(props: { accounts: IncidentListed['accounts'] }) {
  const m = im.value;
  return (
    <p class="incident-accounts">
      <span class="muted">{m.accountsOf}: </span>
      {props.accounts.map((a) => a.name).join(', ')}
    </p>
  );
}

function ActiveIncident(props: { incident: IncidentListed; onClosed: (message: string) => void }) {
  const m = im.value;
  const i = props.incident;
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const yes = useRef<HTMLButtonElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) yes.current?.focus();
  }, [confirming]);

  async function close() {
    setBusy(true);
    try {
      await api.closeIncident({ params: { id: i.id } });
      props.onClosed(m.closed(i.title));
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) props.onClosed(m.alreadyClosed);
      else setError(problemErrors(err, {}).general);
    } finally {
      setBusy(false);
    }
  }

  return (
    <li class="card incident incident-active">
      <h3>{i.title}</h3>
      <p class="muted">
        {m.since(dateTime(i.startedAt))} · {m.declaredBy(i.declaredBy)}
      </p>
      <Accounts accounts={i.accounts} />
      {error && (
        <p class="error-message" role="alert">
          {error}
        </p>
      )}
      {confirming ? (
        <div class="confirm" role="group" aria-labelledby={`confirm-${i.id}`}>
          <p id={`confirm-${i.id}`}>{m.closeConfirm(i.title)}</p>
          <div class="actions">
            <button type="button" ref={yes} disabled={busy} onClick={() => void close()}>
              {m.closeYes}
            </button>
            <button type="button" class="button-secondary" onClick={() => (setConfirming(false), setTimeout(() => opener.current?.focus()))}>
              {m.cancel}
            </button>
          </div>
        </div>
      ) : (
        <button type="button" class="button-secondary" ref={opener} onClick={() => setConfirming(true)}>
          {m.close}
        </button>
      )}
    </li>
  );
}

function Declare(props: { onDone: (title: string) => void; onCancel: () => void }) {
  const m = im.value;
  const [accounts, setAccounts] = useState<AccountName[] | 'loading' | 'error'>('loading');
  const [title, setTitle] = useState('');
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [filter, setFilter] = useState('');
  const [started, setStarted] = useState('');
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => {
    first.current?.focus();
    accountNames().then(setAccounts, () => setAccounts('error'));
  }, []);

  const labels = { title: m.titleLabel, customerIds: m.accountsLegend, startedAt: m.startedLabel };
  const messages = { title: m.titleRequired, customerIds: m.accountsRequired, startedAt: m.startedInvalid };
  const { errors, general, focusKey, busy, submit: send } = useSubmit(messages);

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    const found: FieldErrors = {};
    if (!title.trim() || title.trim().length > 200) found.title = m.titleRequired;
    if (chosen.size === 0 || chosen.size > 99) found.customerIds = m.accountsRequired;
    const at = started ? new Date(started) : undefined;
    if (at && (Number.isNaN(at.getTime()) || at.getTime() > Date.now())) found.startedAt = m.startedInvalid;
    await send(found, async () => {
      await api.createIncident({ body: { title: title.trim(), customerIds: [...chosen], ...(at ? { startedAt: at.toISOString() } : {}) } });
      props.onDone(title.trim());
    });
  }

  const shown = accounts instanceof Array ? accounts.filter((a) => a.name.toLowerCase().includes(filter.trim().toLowerCase())) : [];
  const toggle = (id: string, on: boolean) =>
    setChosen((c) => {
      const next = new Set(c);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  return (
    <section aria-labelledby="declare-title" class="card">
      <h2 id="declare-title">{m.declareTitle}</h2>
      <form class="form-wide" onSubmit={(e) => void submit(e)} noValidate>
        <ErrorSummary errors={errors} general={general} labels={labels} focusKey={focusKey} />
        <Field id="title" label={m.titleLabel} hint={m.titleHint} error={errors.title}>
          {(a) => <input {...a} ref={first} type="text" maxLength={200} autoComplete="off" value={title} onInput={(e) => setTitle(e.currentTarget.value)} />}
        </Field>
        <fieldset class={`field account-picker${errors.customerIds ? ' field-error' : ''}`} aria-describedby={errors.customerIds ? 'customerIds-error' : undefined}>
          <legend>{m.accountsLegend}</legend>
          {errors.customerIds && (
            <p class="error-message" id="customerIds-error">
              {errors.customerIds}
            </p>
          )}
          <label class="filter-label" for="customerIds">
            {m.accountsFilter}
          </label>
          <input id="customerIds" type="search" class="account-filter" value={filter} onInput={(e) => setFilter(e.currentTarget.value)} autoComplete="off" />
          <p class="muted" aria-live="polite">
            {m.accountsChosen(chosen.size)}
          </p>
          {accounts === 'loading' ? (
            <Loading />
          ) : accounts === 'error' ? (
            <Failed onRetry={() => (setAccounts('loading'), accountNames().then(setAccounts, () => setAccounts('error')))} />
          ) : shown.length === 0 ? (
            <p>{m.accountsNone}</p>
          ) : (
            <ul class="plain account-options">
              {shown.map((a) => (
                <li key={a.id} class="checkbox">
                  <input type="checkbox" id={`acc-${a.id}`} checked={chosen.has(a.id)} onChange={(e) => toggle(a.id, e.currentTarget.checked)} />
                  <label for={`acc-${a.id}`}>{a.name}</label>
                </li>
              ))}
            </ul>
          )}
        </fieldset>
        <Field id="startedAt" label={m.startedLabel} hint={m.startedHint} error={errors.startedAt}>
          {(a) => <input {...a} type="datetime-local" value={started} onInput={(e) => setStarted(e.currentTarget.value)} />}
        </Field>
        <div class="actions">
          <button type="submit" disabled={busy}>
            {m.declare}
          </button>
          <button type="button" class="button-secondary" onClick={props.onCancel}>
            {m.cancel}
          </button>
        </div>
      </form>
    </section>
  );
}
