import { useState } from 'preact/hooks';
import type { Customer } from '#contracts/responses';
import type { Locale } from '#contracts/vocabulary';
import { api } from '../../../api/client';
import { newIdempotencyKey } from '../../../api/tickets-write';
import { ErrorSummary, Field, useSubmit, type FieldErrors } from '../../../components/form';
import { useLoad } from '../../../components/load';
import { Failed, Loading, Page } from '../../../components/page';
import { date, dateTime, duration, money, t } from '../../../i18n/index';
import { consoleHref, type AreaProps } from '../areas';
import { LocaleChoice, MoreButton, SearchForm, usePages } from './common';
import { am } from './i18n';

/**
 * The admin's customers: the list by name (search by the name's start, in the address), a new account
 * (name, billing email, locale, rate, opening free hours), and one account: its balance at a glance, its
 * name, billing email and locale, free hours granted with a note, and its latest movements.
 * `#/console/customers`, `…/customers/new`, `…/customers/<id>`.
 */
export default function CustomersArea(props: AreaProps) {
  const [first] = props.path;
  if (first === 'new') return <NewCustomer />;
  if (first) return <CustomerDetail id={first} />;
  return <CustomerList q={props.query.get('q') ?? ''} />;
}

function CustomerList(props: { q: string }) {
  const a = am.value;
  const pages = usePages((cursor) => api.listCustomers({ query: { ...(props.q ? { q: props.q } : {}), ...(cursor ? { cursor } : {}) } }), `customers:${props.q}`);
  return (
    <Page title={a.customersTitle}>
      <p>
        <a class="button-link" href={consoleHref('customers', ['new'])}>
          {a.newCustomer}
        </a>
      </p>
      <SearchForm key={props.q} area="customers" id="customer-search" label={a.searchLabel} hint={a.searchHint} q={props.q} />
      {pages.state === 'loading' ? (
        <Loading />
      ) : pages.state === 'error' ? (
        <Failed onRetry={pages.retry} />
      ) : pages.items.length === 0 ? (
        <p>{a.noCustomers}</p>
      ) : (
        <>
          <div class="table-wrap">
            <table class="stack-table admin-table">
              <caption class="visually-hidden">{a.customersCaption}</caption>
              <thead>
                <tr>
                  <th scope="col">{a.colName}</th>
                  <th scope="col">{a.colEmail}</th>
                  <th scope="col">{a.colLocale}</th>
                  <th scope="col">{a.colRate}</th>
                  <th scope="col">{a.colCreated}</th>
                </tr>
              </thead>
              <tbody>
                {pages.items.map((c) => (
                  <tr key={c.id}>
                    <th scope="row">
                      <a href={consoleHref('customers', [c.id])}>{c.name}</a>
                    </th>
                    <td data-label={a.colEmail} class="wrap-anywhere">
                      {c.billingEmail}
                    </td>
                    <td data-label={a.colLocale}>{c.locale === 'en' ? a.localeEn : a.localeIt}</td>
                    <td data-label={a.colRate} class="num">
                      {money(c.hourlyRateCents)}
                    </td>
                    <td data-label={a.colCreated}>{date(c.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <MoreButton pages={pages} />
        </>
      )}
    </Page>
  );
}

/** `72,50` or `72.50` → 7250 cents; undefined when empty; NaN when not an amount. */
function euroCents(text: string): number | undefined {
  const v = text.trim().replace(',', '.');
  if (!v) return undefined;
  return /^\d{1,6}(\.\d{1,2})?$/.test(v) ? Math.round(Number(v) * 100) : NaN;
}

/** `2,5` hours → 150 minutes (whole or half hours); undefined when empty; NaN otherwise. */
function hoursMinutes(text: string): number | undefined {
  const v = text.trim().replace(',', '.');
  if (!v) return undefined;
  return /^\d{1,5}(\.(0|5|50))?$/.test(v) ? Math.round(Number(v) * 60) : NaN;
}

const ONE_LINE = /^[^\p{Cc}\u2028\u2029]{1,200}$/u;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function NewCustomer() {
  const a = am.value;
  const [form, setForm] = useState({ name: '', billingEmail: '', locale: 'it' as Locale, rate: '', free: '' });
  const set = (k: keyof typeof form) => (e: Event) => setForm((f) => ({ ...f, [k]: (e.currentTarget as HTMLInputElement).value }));
  const messages = { name: a.nameError, billingEmail: a.billingEmailError, locale: a.localeError, hourlyRateCents: a.rateError, freeMinutes: a.freeError };
  const { errors, general, focusKey, busy, submit: send } = useSubmit(messages);
  const labels = { name: a.name, billingEmail: a.billingEmail, locale: a.locale, hourlyRateCents: a.rateEuro, freeMinutes: a.freeHours };

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    const rate = euroCents(form.rate);
    const free = hoursMinutes(form.free);
    const found: FieldErrors = {};
    if (!ONE_LINE.test(form.name.trim())) found.name = a.nameError;
    if (!EMAIL.test(form.billingEmail.trim())) found.billingEmail = a.billingEmailError;
    if (Number.isNaN(rate)) found.hourlyRateCents = a.rateError;
    if (Number.isNaN(free)) found.freeMinutes = a.freeError;
    await send(found, async () => {
      const created = await api.createCustomer({
        body: { name: form.name.trim(), billingEmail: form.billingEmail.trim(), locale: form.locale, ...(rate !== undefined ? { hourlyRateCents: rate } : {}), ...(free !== undefined ? { freeMinutes: free } : {}) },
      });
      location.hash = consoleHref('customers', [created.id]);
    });
  }

  return (
    <Page title={a.newCustomer}>
      <p>
        <a href={consoleHref('customers')}>{a.backToCustomers}</a>
      </p>
      <ErrorSummary errors={errors} general={general} labels={labels} focusKey={focusKey} />
      <form class="form" onSubmit={submit} noValidate>
        <Field id="name" label={a.name} hint={a.nameHint} error={errors.name}>
          {(x) => <input type="text" {...x} autocomplete="organization" maxLength={200} value={form.name} onInput={set('name')} />}
        </Field>
        <Field id="billingEmail" label={a.billingEmail} error={errors.billingEmail}>
          {(x) => <input type="email" {...x} autocomplete="email" spellcheck={false} value={form.billingEmail} onInput={set('billingEmail')} />}
        </Field>
        <LocaleChoice value={form.locale} error={errors.locale} onChange={(locale) => setForm((f) => ({ ...f, locale }))} />
        <Field id="hourlyRateCents" label={a.rateEuro} hint={a.rateHint} error={errors.hourlyRateCents}>
          {(x) => <input type="text" inputMode="decimal" {...x} class="input-short" value={form.rate} onInput={set('rate')} />}
        </Field>
        <Field id="freeMinutes" label={a.freeHours} hint={a.freeHint} error={errors.freeMinutes}>
          {(x) => <input type="text" inputMode="decimal" {...x} class="input-short" value={form.free} onInput={set('free')} />}
        </Field>
        <button type="submit" disabled={busy}>
          {a.create}
        </button>
      </form>
    </Page>
  );
}

function CustomerDetail(props: { id: string }) {
  const a = am.value;
  const [version, setVersion] = useState(0);
  const data = useLoad(
    () =>
      Promise.all([
        api.getCustomer({ params: { id: props.id } }),
        api.getBalance({ query: { customerId: props.id } }),
        api.listLedger({ query: { customerId: props.id, limit: 10 } }),
      ]),
    `customer:${props.id}:${version}`,
  );
  // Keep what is shown while a reload after a change runs (no flash of "loading").
  const [shown, setShown] = useState<typeof data>(data);
  if (data.state !== 'loading' && data !== shown) setShown(data);
  const view = data.state === 'loading' && shown.state === 'ok' ? shown : data;
  if (view.state !== 'ok') {
    return <Page title={a.customersTitle}>{view.state === 'loading' ? <Loading /> : <Failed onRetry={() => setVersion((v) => v + 1)} />}</Page>;
  }
  const [customer, balance, ledger] = view.data;
  const m = t.value;
  const reload = () => setVersion((v) => v + 1);
  return (
    <Page title={customer.name}>
      <p>
        <a href={consoleHref('customers')}>{a.backToCustomers}</a>
        {' · '}
        <a href={consoleHref('users', ['new'], new URLSearchParams({ customerId: customer.id }))}>{a.newUserForCustomer}</a>
      </p>
      <section class="card" aria-labelledby="balance-title">
        <h2 id="balance-title">{a.balanceTitle}</h2>
        <dl class="facts">
          <div>
            <dt>{a.freeLeft}</dt>
            <dd>
              {duration(balance.freeMinutesRemaining)} / {duration(balance.freeMinutesGranted)}
            </dd>
          </div>
          <div>
            <dt>{a.packageLeft}</dt>
            <dd>{duration(balance.packageMinutesRemaining)}</dd>
          </div>
          <div>
            <dt>{a.consuntivoMonth}</dt>
            <dd>
              {duration(balance.consuntivoMinutesThisPeriod)} · {money(balance.consuntivoAmountCentsThisPeriod)}
            </dd>
          </div>
          <div>
            <dt>{a.rate}</dt>
            <dd>{money(customer.hourlyRateCents)}</dd>
          </div>
        </dl>
        <p class="hint">
          {a.rateElsewhere} <a href={consoleHref('balances')}>{a.openBalances}</a>
        </p>
      </section>
      <EditCustomer customer={customer} onSaved={reload} />
      <GrantHours customerId={customer.id} onGranted={reload} />
      <section aria-labelledby="movements-title">
        <h2 id="movements-title">{a.movementsTitle}</h2>
        {ledger.items.length === 0 ? (
          <p>{a.noMovements}</p>
        ) : (
          <div class="table-wrap">
            <table class="stack-table admin-table">
              <caption class="visually-hidden">{a.movementsCaption}</caption>
              <thead>
                <tr>
                  <th scope="col">{a.colWhen}</th>
                  <th scope="col">{a.colMovement}</th>
                  <th scope="col">{a.colMinutes}</th>
                  <th scope="col">{a.colNote}</th>
                  <th scope="col">{a.colBy}</th>
                </tr>
              </thead>
              <tbody>
                {ledger.items.map((e) => (
                  <tr key={e.id}>
                    <th scope="row">{dateTime(e.at)}</th>
                    <td data-label={a.colMovement}>
                      {m[`entry_${e.reason}`] ?? e.reason}
                      {e.ticketNumber ? ` · ${e.ticketNumber}` : ''}
                    </td>
                    <td data-label={a.colMinutes} class="num">
                      {e.minutes > 0 ? '+' : ''}
                      {duration(e.minutes)}
                    </td>
                    <td data-label={a.colNote} class="wrap-anywhere">
                      {e.note ?? ''}
                    </td>
                    <td data-label={a.colBy}>{e.by ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </Page>
  );
}

function EditCustomer(props: { customer: Customer; onSaved: () => void }) {
  const a = am.value;
  const [form, setForm] = useState({ name: props.customer.name, billingEmail: props.customer.billingEmail, locale: props.customer.locale });
  const [saved, setSaved] = useState(false);
  const messages = { name: a.nameError, billingEmail: a.billingEmailError, locale: a.localeError };
  const { errors, general, focusKey, busy, submit: send } = useSubmit(messages);
  const labels = { name: a.name, billingEmail: a.billingEmail, locale: a.locale };

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    const found: FieldErrors = {};
    if (!ONE_LINE.test(form.name.trim())) found.name = a.nameError;
    if (!EMAIL.test(form.billingEmail.trim())) found.billingEmail = a.billingEmailError;
    setSaved(false);
    await send(found, async () => {
      await api.updateCustomer({ params: { id: props.customer.id }, body: { name: form.name.trim(), billingEmail: form.billingEmail.trim(), locale: form.locale } });
      setSaved(true);
      props.onSaved();
    });
  }

  return (
    <section class="card" aria-labelledby="edit-title">
      <h2 id="edit-title">{a.editTitle}</h2>
      <ErrorSummary errors={errors} general={general} labels={labels} focusKey={focusKey} />
      <form class="form" onSubmit={submit} noValidate>
        <Field id="name" label={a.name} error={errors.name}>
          {(x) => <input type="text" {...x} autocomplete="organization" maxLength={200} value={form.name} onInput={(e) => setForm((f) => ({ ...f, name: (e.currentTarget as HTMLInputElement).value }))} />}
        </Field>
        <Field id="billingEmail" label={a.billingEmail} error={errors.billingEmail}>
          {(x) => <input type="email" {...x} spellcheck={false} value={form.billingEmail} onInput={(e) => setForm((f) => ({ ...f, billingEmail: (e.currentTarget as HTMLInputElement).value }))} />}
        </Field>
        <LocaleChoice value={form.locale} error={errors.locale} onChange={(locale) => setForm((f) => ({ ...f, locale }))} />
        <div class="actions">
          <button type="submit" disabled={busy}>
            {a.save}
          </button>
          <p role="status" class="saved-note">
            {saved ? a.saved : ''}
          </p>
        </div>
      </form>
    </section>
  );
}

function GrantHours(props: { customerId: string; onGranted: () => void }) {
  const a = am.value;
  // One key per intended grant: a double click or a retry is one grant; a new key once it went through.
  const [form, setForm] = useState({ minutes: '', note: '', key: newIdempotencyKey() });
  const [done, setDone] = useState<string | undefined>();
  const messages = { minutes: a.grantMinutesError, note: a.grantNoteError };
  const { errors, general, focusKey, busy, submit: send } = useSubmit(messages);
  const labels = { minutes: a.grantMinutes, note: a.grantNote };

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    const minutes = /^\d{1,5}$/.test(form.minutes.trim()) ? Number(form.minutes.trim()) : NaN;
    const found: FieldErrors = {};
    if (!(minutes >= 1 && minutes <= 60_000)) found.minutes = a.grantMinutesError;
    if (!form.note.trim() || form.note.trim().length > 500) found.note = a.grantNoteError;
    setDone(undefined);
    await send(found, async () => {
      const entry = await api.createGrant({ params: { id: props.customerId }, body: { minutes, note: form.note.trim() }, idempotencyKey: form.key });
      setForm({ minutes: '', note: '', key: newIdempotencyKey() });
      setDone(a.granted(duration(entry.minutes)));
      props.onGranted();
    });
  }

  return (
    <section class="card" aria-labelledby="grant-title">
      <h2 id="grant-title">{a.grantTitle}</h2>
      <p>{a.grantIntro}</p>
      <ErrorSummary errors={errors} general={general} labels={labels} focusKey={focusKey} />
      <form class="form" onSubmit={submit} noValidate>
        <Field id="minutes" label={a.grantMinutes} hint={a.grantMinutesHint} error={errors.minutes}>
          {(x) => <input type="text" inputMode="numeric" {...x} class="input-short" value={form.minutes} onInput={(e) => setForm((f) => ({ ...f, minutes: (e.currentTarget as HTMLInputElement).value }))} />}
        </Field>
        <Field id="note" label={a.grantNote} hint={a.grantNoteHint} error={errors.note}>
          {(x) => <input type="text" {...x} maxLength={500} value={form.note} onInput={(e) => setForm((f) => ({ ...f, note: (e.currentTarget as HTMLInputElement).value }))} />}
        </Field>
        <div class="actions">
          <button type="submit" disabled={busy}>
            {a.grant}
          </button>
          <p role="status" class="saved-note">
            {done ?? ''}
          </p>
        </div>
      </form>
    </section>
  );
}
