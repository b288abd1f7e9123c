import { useState } from 'preact/hooks';
import type * as z from 'zod/mini';
import type { einvoicingSettings, ExportDrafts, ExportSummary } from '#contracts/responses';
import { REGIMI_FISCALI } from '#contracts/vocabulary';
import { api, ApiError } from '../../../api/client';
import { ErrorSummary, Field, type FieldErrors } from '../../../components/form';
import { useLoad } from '../../../components/load';
import { Failed, Loading, Page } from '../../../components/page';
import { date, dateTime, money, t } from '../../../i18n/index';
import type { AreaProps } from '../areas';
import { cm } from '../i18n';
import { fm } from './i18n';

type EinvoicingSettings = z.infer<typeof einvoicingSettings>;

/**
 * The invoice exports: run one now (up to the end of the last closed month, as the schedule does, or up to
 * a chosen moment), the list, each export's CSV and JSON and its FatturaPA drafts (per account the files,
 * or the fiscal fields that keep it from having one) with the ZIP; and the ISP's own fiscal data. Files
 * come through the five-minute links the API hands out (`?redirect=false`), straight from storage.
 */
const pad = (n: number) => String(n).padStart(2, '0');

/** The last day of the last closed month in Rome, at noon UTC (a date to show). */
function lastClosedDay(now: Date): string {
  const [y, mo] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome', year: 'numeric', month: '2-digit' }).format(now).split('-').map(Number);
  return new Date(Date.UTC(y!, mo! - 1, 0, 12)).toISOString();
}

/** `YYYY-MM-DDTHH:MM` of a moment in this browser's time (what a datetime-local input holds). */
function localInput(at: Date): string {
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`;
}

/** Fetches a file's five-minute link and lets the browser download it (the link answers as an attachment). */
async function fetchLink(get: () => Promise<{ url: string }>, onFail: () => void): Promise<void> {
  try {
    location.assign((await get()).url);
  } catch {
    onFail();
  }
}

function RunExport(props: { onDone: (e: ExportSummary) => void }) {
  const m = fm.value;
  const [mode, setMode] = useState<'month' | 'until'>('month');
  const [until, setUntil] = useState(() => localInput(new Date(Date.now() - 6 * 60_000)));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string>();
  const [focusKey, setFocusKey] = useState(0);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<string>();
  const fail = (e: FieldErrors, g?: string) => (setErrors(e), setGeneral(g), setFocusKey((k) => k + 1));

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    const at = new Date(until);
    if (mode === 'until' && (Number.isNaN(at.getTime()) || at.getTime() > Date.now() - 5 * 60_000)) return fail({ through: m.untilInvalid });
    fail({});
    setResult(undefined);
    setBusy(true);
    try {
      const res = await api.raw('createExport', mode === 'until' ? { body: { through: at.toISOString() } } : {});
      if (res.status !== 200 && res.status !== 201) throw new ApiError(res.body as never);
      const x = res.body as ExportSummary;
      setResult(res.status === 201 ? m.created(x.lineCount, money(x.totalAmountCents)) : m.existing);
      props.onDone(x);
    } catch (err) {
      const status = err instanceof ApiError ? err.status : 0;
      if (status === 400) fail({ through: m.untilInvalid });
      else fail({}, status ? t.value.pages_refused : t.value.errorOffline);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="card" aria-labelledby="run-title">
      <h2 id="run-title">{m.runTitle}</h2>
      <p>{m.runHint}</p>
      <ErrorSummary errors={errors} general={general} labels={{ through: m.untilLabel }} focusKey={focusKey} />
      <form class="form form-wide" onSubmit={submit} noValidate>
        <fieldset class="radios">
          <legend>{m.periodLegend}</legend>
          <div class="radio">
            <input type="radio" id="period-month" name="period" checked={mode === 'month'} onChange={() => setMode('month')} aria-describedby="period-month-hint" />
            <label for="period-month">{m.periodMonth(date(lastClosedDay(new Date())))}</label>
            <p class="hint radio-hint" id="period-month-hint">
              {m.periodMonthHint}
            </p>
          </div>
          <div class="radio">
            <input type="radio" id="period-until" name="period" checked={mode === 'until'} onChange={() => setMode('until')} />
            <label for="period-until">{m.periodUntil}</label>
          </div>
        </fieldset>
        {mode === 'until' && (
          <Field id="through" label={m.untilLabel} hint={m.untilHint} error={errors.through}>
            {(a) => <input {...a} type="datetime-local" value={until} onInput={(e) => setUntil(e.currentTarget.value)} />}
          </Field>
        )}
        <button type="submit" disabled={busy}>
          {busy ? m.running : m.run}
        </button>
      </form>
      {result && (
        <p class="banner banner-ok" role="status">
          {result}
        </p>
      )}
    </section>
  );
}

function Drafts(props: { x: ExportSummary; onClose: () => void }) {
  const m = fm.value;
  const when = dateTime(props.x.through);
  const [failed, setFailed] = useState(false);
  const onFail = () => setFailed(true);
  const drafts = useLoad(() => api.listExportDrafts({ params: { id: props.x.id }, query: { limit: 100 } }), props.x.id);
  const [more, setMore] = useState<ExportDrafts['items']>([]);
  const [next, setNext] = useState<string | undefined | null>(null);
  const body = (d: ExportDrafts) => {
    const cursor = next === null ? d.nextCursor : next;
    return (
      <>
        <p>
          {m.draftCounts(d.documentCount, d.missingCount)}. {m.draftsTotals(money(d.netCents), money(d.vatCents), money(d.totalCents))}
        </p>
        {d.zip && (
          <p>
            <button type="button" onClick={() => fetchLink(() => api.getExportDraftsZip({ params: { id: props.x.id }, query: { redirect: 'false' } }), onFail)}>
              {m.zip}
            </button>
          </p>
        )}
        {d.items.length === 0 && <p>{m.noDrafts}</p>}
        <div class="table-wrap" hidden={d.items.length === 0}>
          <table class="stack-table finance-table">
            <thead>
              <tr>
                <th scope="col">{m.account}</th>
                <th scope="col">{m.document}</th>
              </tr>
            </thead>
            <tbody>
              {[...d.items, ...more].map((a) => (
                <tr key={a.customerId}>
                  <th scope="row">{a.account}</th>
                  <td data-label={m.document}>
                    <ul class="plain">
                      {a.drafts.map((f) => (
                        <li key={f.fileName}>
                          {f.type} {f.number} · {date(`${f.date}T12:00:00Z`)} · {money(f.totalCents)}{' '}
                          <button type="button" class="button-secondary button-small" onClick={() => fetchLink(() => api.getExportDraft({ params: { id: props.x.id, file: f.fileName }, query: { redirect: 'false' } }), onFail)}>
                            {f.fileName}
                          </button>
                        </li>
                      ))}
                      {a.missing.map((x) => (
                        <li key={x.type} class="finance-missing">
                          {m.missingFields(x.type, x.fields.join(', '))}
                        </li>
                      ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {cursor && (
          <button
            type="button"
            class="button-secondary"
            onClick={async () => {
              const page = await api.listExportDrafts({ params: { id: props.x.id }, query: { limit: 100, cursor } });
              setMore((x) => [...x, ...page.items]);
              setNext(page.nextCursor);
            }}
          >
            {m.more}
          </button>
        )}
      </>
    );
  };
  return (
    <section class="card" aria-labelledby="drafts-title">
      <h2 id="drafts-title" tabIndex={-1} ref={(el) => el?.focus()}>
        {m.draftsTitle(when)}
      </h2>
      {failed && (
        <p class="banner banner-error" role="alert">
          {m.downloadFailed}
        </p>
      )}
      {drafts.state === 'loading' ? (
        <Loading />
      ) : drafts.state === 'ok' ? (
        body(drafts.data)
      ) : drafts.error instanceof ApiError && drafts.error.status === 404 ? (
        <p>{m.noDrafts}</p>
      ) : (
        <Failed />
      )}
      <button type="button" class="button-secondary" onClick={props.onClose}>
        {m.close}
      </button>
    </section>
  );
}

type FiscalDraft = Record<string, string>;
const FISCAL_FIELDS = ['vatNumber', 'taxCode', 'name', 'regimeFiscale', 'address-street', 'address-number', 'address-cap', 'address-comune', 'address-provincia', 'address-country', 'iban', 'transmitterId', 'series'] as const;

function fiscalDraft(s: EinvoicingSettings | undefined): FiscalDraft {
  const a = s?.address;
  return {
    vatNumber: s?.vatNumber ?? '',
    taxCode: s?.taxCode ?? '',
    name: s?.name ?? '',
    regimeFiscale: s?.regimeFiscale ?? 'RF01',
    'address-street': a?.street ?? '',
    'address-number': a?.number ?? '',
    'address-cap': a?.cap ?? '',
    'address-comune': a?.comune ?? '',
    'address-provincia': a?.provincia ?? '',
    'address-country': a?.country ?? 'IT',
    iban: s?.iban ?? '',
    transmitterId: s?.transmitterId ?? '',
    series: s?.series ?? '',
  };
}

function FiscalSettings() {
  const m = fm.value;
  const loaded = useLoad(() => api.getEinvoicingSettings().catch((err: unknown) => (err instanceof ApiError && err.status === 404 ? undefined : Promise.reject(err))), 'fiscal');
  const [draft, setDraft] = useState<FiscalDraft>();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string>();
  const [focusKey, setFocusKey] = useState(0);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  if (loaded.state !== 'ok') return loaded.state === 'loading' ? <Loading /> : <Failed />;
  const d = draft ?? fiscalDraft(loaded.data);
  const labels: Record<(typeof FISCAL_FIELDS)[number], string> = {
    vatNumber: m.fVat,
    taxCode: m.fTax,
    name: m.fName,
    regimeFiscale: m.fRegime,
    'address-street': m.fStreet,
    'address-number': m.fNumber,
    'address-cap': m.fCap,
    'address-comune': m.fComune,
    'address-provincia': m.fProvincia,
    'address-country': m.fCountry,
    iban: m.fIban,
    transmitterId: m.fTransmitter,
    series: m.fSeries,
  };
  const opt = (v: string) => (v.trim() ? v.trim() : undefined);

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setSaved(false);
    const address = { street: d['address-street']!.trim(), number: opt(d['address-number']!), cap: d['address-cap']!.trim(), comune: d['address-comune']!.trim(), provincia: opt(d['address-provincia']!), country: d['address-country']!.trim() };
    try {
      const body = {
        vatNumber: d.vatNumber!.trim(),
        name: d.name!.trim(),
        regimeFiscale: d.regimeFiscale as EinvoicingSettings['regimeFiscale'],
        address: Object.fromEntries(Object.entries(address).filter(([, v]) => v !== undefined)) as EinvoicingSettings['address'],
        iban: d.iban!.replace(/\s/g, ''),
        transmitterId: d.transmitterId!.trim(),
        series: d.series!.trim(),
        ...(opt(d.taxCode!) ? { taxCode: opt(d.taxCode!)! } : {}),
        // REA is kept as it was: this form does not edit it.
        ...(loaded.state === 'ok' && loaded.data?.rea ? { rea: loaded.data.rea } : {}),
      };
      await api.putEinvoicingSettings({ body });
      setErrors({});
      setGeneral(undefined);
      setSaved(true);
    } catch (err) {
      const found: FieldErrors = {};
      if (err instanceof ApiError) for (const p of err.problem?.errors ?? []) found[p.path.replace('.', '-') in labels ? p.path.replace('.', '-') : 'vatNumber'] = m.fBad;
      setErrors(found);
      setGeneral(Object.keys(found).length ? undefined : err instanceof ApiError ? t.value.pages_refused : t.value.errorOffline);
      setFocusKey((k) => k + 1);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="card" aria-labelledby="fiscal-title">
      <h2 id="fiscal-title">{m.fiscalTitle}</h2>
      <p>
        {m.fiscalIntro} {loaded.data ? '' : m.fiscalMissing}
      </p>
      <ErrorSummary errors={errors} general={general} labels={labels} focusKey={focusKey} />
      {saved && (
        <p class="banner banner-ok" role="status">
          {m.fiscalSaved}
        </p>
      )}
      <form class="form finance-fiscal" onSubmit={submit} noValidate>
        {FISCAL_FIELDS.map((f) => (
          <Field key={f} id={f} label={labels[f]} error={errors[f]}>
            {(a) =>
              f === 'regimeFiscale' ? (
                <select {...a} value={d[f]} onChange={(e) => setDraft({ ...d, [f]: e.currentTarget.value })}>
                  {REGIMI_FISCALI.map((r) => (
                    <option key={r}>{r}</option>
                  ))}
                </select>
              ) : (
                <input {...a} type="text" autoComplete="off" value={d[f]} onInput={(e) => setDraft({ ...d, [f]: e.currentTarget.value })} />
              )
            }
          </Field>
        ))}
        <button type="submit" disabled={busy}>
          {m.fiscalSave}
        </button>
      </form>
    </section>
  );
}

export default function ExportsArea(_props: AreaProps) {
  const m = fm.value;
  const [version, setVersion] = useState(0);
  const list = useLoad(() => api.listExports({ query: { limit: 25 } }), String(version));
  const [older, setOlder] = useState<{ items: ExportSummary[]; next?: string | undefined }>();
  const [open, setOpen] = useState<ExportSummary>();
  const [failed, setFailed] = useState(false);
  const onFail = () => setFailed(true);
  const download = (x: ExportSummary, format: 'csv' | 'json') =>
    fetchLink(() => api.getExport({ params: { id: x.id }, query: { redirect: 'false' }, headers: { accept: format === 'csv' ? 'text/csv' : 'application/json' } }), onFail);

  const table = () => {
    if (list.state !== 'ok') return list.state === 'loading' ? <Loading /> : <Failed onRetry={() => setVersion((v) => v + 1)} />;
    const items = [...list.data.items, ...(older?.items ?? [])];
    const next = older ? older.next : list.data.nextCursor;
    if (!items.length) return <p>{m.noExports}</p>;
    return (
      <>
        <div class="table-wrap">
          <table class="numbers stack-table finance-table">
            <caption class="visually-hidden">{m.list}</caption>
            <thead>
              <tr>
                <th scope="col">{m.period}</th>
                <th scope="col">{m.lines}</th>
                <th scope="col">{m.net}</th>
                <th scope="col">{m.vat}</th>
                <th scope="col">{m.drafts}</th>
                <th scope="col">{m.files}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((x) => {
                const when = dateTime(x.through);
                return (
                  <tr key={x.id} aria-current={open?.id === x.id ? 'true' : undefined}>
                    <th scope="row">{x.from ? m.periodRange(dateTime(x.from), when) : m.periodUpTo(when)}</th>
                    <td data-label={m.lines}>{x.lineCount}</td>
                    <td data-label={m.net}>{money(x.totalAmountCents)}</td>
                    <td data-label={m.vat}>{money(x.totalVatCents)}</td>
                    <td data-label={m.drafts}>{x.drafts ? m.draftCounts(x.drafts.documentCount, x.drafts.missingCount) : '—'}</td>
                    <td data-label={m.files} class="finance-files">
                      <button type="button" class="button-secondary button-small" aria-label={m.download('CSV', when)} onClick={() => download(x, 'csv')}>
                        CSV
                      </button>{' '}
                      <button type="button" class="button-secondary button-small" aria-label={m.download('JSON', when)} onClick={() => download(x, 'json')}>
                        JSON
                      </button>{' '}
                      {x.drafts && (
                        <button type="button" class="button-secondary button-small" aria-label={m.showDraftsOf(when)} onClick={() => setOpen(x)}>
                          {m.showDrafts}
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        {next && (
          <button
            type="button"
            class="button-secondary"
            onClick={async () => {
              const page = await api.listExports({ query: { limit: 25, cursor: next } });
              setOlder({ items: [...(older?.items ?? []), ...page.items], next: page.nextCursor });
            }}
          >
            {m.more}
          </button>
        )}
      </>
    );
  };

  return (
    <Page title={cm.value.navExports}>
      <p>{m.exportsIntro}</p>
      <RunExport onDone={() => (setOlder(undefined), setVersion((v) => v + 1))} />
      {failed && (
        <p class="banner banner-error" role="alert">
          {m.downloadFailed}
        </p>
      )}
      <h2>{m.list}</h2>
      {table()}
      {open && <Drafts key={open.id} x={open} onClose={() => setOpen(undefined)} />}
      <FiscalSettings />
    </Page>
  );
}
