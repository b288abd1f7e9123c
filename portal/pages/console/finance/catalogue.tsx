import { useState } from 'preact/hooks';
import type * as z from 'zod/mini';
import type { cataloguePackage } from '#contracts/responses';
import { api, ApiError } from '../../../api/client';
import { ErrorSummary, Field, type FieldErrors } from '../../../components/form';
import { useLoad } from '../../../components/load';
import { Failed, Loading, Page } from '../../../components/page';
import { duration, lang, money, t } from '../../../i18n/index';
import type { AreaProps } from '../areas';
import { cm } from '../i18n';
import { euroText, fm, parseEuro } from './i18n';

type CataloguePackage = z.infer<typeof cataloguePackage>;

/**
 * The package catalogue: every package with its hours, price, hourly price and whether it is on sale,
 * and one form to add a package or change one (`PUT /finance/packages/{id}`). The server keeps the rules
 * (below the standard rate, cheaper per hour as packages grow) and names the field that breaks them.
 */
interface Draft {
  id: string;
  hours: string;
  price: string;
  active: boolean;
  editing: boolean;
}

function PackageForm(props: { draft: Draft; onDone: (saved?: CataloguePackage) => void }) {
  const m = fm.value;
  const [d, setD] = useState(props.draft);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string>();
  const [focusKey, setFocusKey] = useState(0);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setD((x) => ({ ...x, [k]: v }));
  const fail = (e: FieldErrors, g?: string) => (setErrors(e), setGeneral(g), setFocusKey((k) => k + 1));
  const labels = { id: m.pkgId, minutes: m.hours, priceCents: m.price };

  async function submit(e: Event) {
    e.preventDefault();
    const hours = Number(d.hours.trim().replace(',', '.'));
    const minutes = Math.round(hours * 60);
    const priceCents = parseEuro(d.price);
    const found: FieldErrors = {};
    if (!/^pkg_[a-z0-9_]{1,40}$/.test(d.id)) found.id = m.pkgIdInvalid;
    if (!(hours > 0) || Math.abs(hours * 60 - minutes) > 1e-9 || minutes > 100_000) found.minutes = m.hoursInvalid;
    if (priceCents === undefined || priceCents > 100_000_000) found.priceCents = m.priceInvalid;
    if (Object.keys(found).length) return fail(found);
    setBusy(true);
    try {
      props.onDone(await api.putPackage({ params: { id: d.id }, body: { minutes, priceCents: priceCents!, active: d.active } }));
    } catch (err) {
      if (!(err instanceof ApiError)) return fail({}, t.value.errorOffline);
      const byField: FieldErrors = {};
      for (const p of err.problem?.errors ?? []) {
        const field = p.path.replace(/^path\./, '');
        if (field === 'id') byField.id = m.pkgIdInvalid;
        else if (field === 'minutes') byField.minutes = /size/.test(p.message) ? m.hoursTaken : m.hoursInvalid;
        else if (field === 'priceCents') byField.priceCents = /hourly price/.test(p.message) ? m.priceRule : m.priceInvalid;
      }
      fail(byField, Object.keys(byField).length ? undefined : t.value.pages_refused);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="card finance-form" aria-labelledby="package-title">
      <h2 id="package-title">{d.editing ? m.editPackage(d.id) : m.addPackage}</h2>
      <ErrorSummary errors={errors} general={general} labels={labels} focusKey={focusKey} />
      <form class="form" onSubmit={submit} noValidate>
        {!d.editing && (
          <Field id="id" label={m.pkgId} hint={m.pkgIdHint} error={errors.id}>
            {(a) => <input {...a} type="text" autoComplete="off" value={d.id} onInput={(e) => set('id', e.currentTarget.value.trim())} />}
          </Field>
        )}
        <Field id="minutes" label={m.hours} hint={m.hoursHint} error={errors.minutes}>
          {(a) => <input {...a} type="text" inputMode="decimal" autoComplete="off" value={d.hours} onInput={(e) => set('hours', e.currentTarget.value)} />}
        </Field>
        <Field id="priceCents" label={m.price} error={errors.priceCents}>
          {(a) => <input {...a} type="text" inputMode="decimal" autoComplete="off" value={d.price} onInput={(e) => set('price', e.currentTarget.value)} />}
        </Field>
        <div class="field checkbox">
          <input type="checkbox" id="active" checked={d.active} onChange={(e) => set('active', e.currentTarget.checked)} />
          <label for="active">{m.onSaleLabel}</label>
        </div>
        <div class="actions">
          <button type="submit" disabled={busy}>
            {m.savePackage}
          </button>
          <button type="button" class="button-secondary" onClick={() => props.onDone()}>
            {m.cancel}
          </button>
        </div>
      </form>
    </section>
  );
}

export default function CatalogueArea(_props: AreaProps) {
  const m = fm.value;
  const [version, setVersion] = useState(0);
  const list = useLoad(() => api.listCatalogue(), String(version));
  const [draft, setDraft] = useState<Draft>();
  const [saved, setSaved] = useState<string>();
  if (list.state !== 'ok') return <Page title={cm.value.navCatalogue}>{list.state === 'loading' ? <Loading /> : <Failed onRetry={() => location.reload()} />}</Page>;
  const it = lang.value === 'it';
  const items = [...list.data.items].sort((a, b) => a.minutes - b.minutes);
  const edit = (p?: CataloguePackage) => {
    setSaved(undefined);
    setDraft(p ? { id: p.id, hours: String(p.minutes / 60).replace('.', it ? ',' : '.'), price: euroText(p.priceCents, it), active: p.active, editing: true } : { id: 'pkg_', hours: '', price: '', active: true, editing: false });
  };
  return (
    <Page title={cm.value.navCatalogue}>
      <p>{m.catalogueIntro}</p>
      {saved && (
        <p class="banner banner-ok" role="status">
          {saved}
        </p>
      )}
      {draft ? (
        <PackageForm
          key={draft.id + String(draft.editing)}
          draft={draft}
          onDone={(p) => {
            setDraft(undefined);
            if (!p) return;
            setSaved(m.packageSaved(p.id));
            setVersion((v) => v + 1);
          }}
        />
      ) : (
        <p>
          <button type="button" onClick={() => edit()}>
            {m.addPackage}
          </button>
        </p>
      )}
      <div class="table-wrap">
        <table class="numbers stack-table finance-table">
          <caption class="visually-hidden">{cm.value.navCatalogue}</caption>
          <thead>
            <tr>
              <th scope="col">{m.pkgId}</th>
              <th scope="col">{m.hours}</th>
              <th scope="col">{m.price}</th>
              <th scope="col">{m.hourly}</th>
              <th scope="col">{m.status}</th>
              <th scope="col">
                <span class="visually-hidden">{m.edit}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((p) => (
              <tr key={p.id}>
                <th scope="row">{p.id}</th>
                <td data-label={m.hours}>{duration(p.minutes)}</td>
                <td data-label={m.price}>{money(p.priceCents)}</td>
                <td data-label={m.hourly}>{m.perHour(money(p.hourlyPriceCents))}</td>
                <td data-label={m.status}>
                  <span class={`badge ${p.active ? 'badge-included' : 'badge-expected'}`}>{p.active ? m.onSale : m.withdrawn}</span>
                </td>
                <td>
                  <button type="button" class="button-secondary button-small" onClick={() => edit(p)}>
                    {m.editPackage(p.id)}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Page>
  );
}
