import { useState } from 'preact/hooks';
import { getMe } from '../../api/client';
import { newIdempotencyKey } from '../../api/tickets-write';
import { listPackages, orderPackage, type CatalogueItem, type OrderedPackage } from '../../api/packages';
import { me } from '../../api/session';
import { ErrorSummary, problemErrors } from '../../components/form';
import { useLoad } from '../../components/load';
import { Failed, Loading, Page } from '../../components/page';
import { date, duration, lang, money, t } from '../../i18n/index';

/**
 * Packages: the catalogue with the price per hour and the saving against the account's standard rate, the
 * recommended one with its reason (the average monthly billable use), and buying in two steps — choose,
 * then a confirmation with price, VAT and total. The order carries an Idempotency-Key made when the
 * confirmation opens, so a double click (or a retry) is one order; the new balance is read at once.
 */
const VAT_RATE_PERCENT = 22;
/** VAT in whole cents, halves away from zero, as the invoice export computes it. */
const vatCents = (cents: number) => Math.sign(cents) * Math.floor((Math.abs(cents) * VAT_RATE_PERCENT + 50) / 100);

const percent = (ratio: number) => new Intl.NumberFormat(lang.value === 'it' ? 'it-IT' : 'en-GB', { style: 'percent', maximumFractionDigits: 0 }).format(ratio);

export function PackagesPage() {
  const m = t.value;
  const data = useLoad(() => Promise.all([listPackages(), getMe()]), 'packages');
  const [confirming, setConfirming] = useState<{ item: CatalogueItem; key: string } | undefined>();
  const [bought, setBought] = useState<OrderedPackage | undefined>();
  const [general, setGeneral] = useState<string | undefined>();
  const [focusKey, setFocusKey] = useState(0);
  const [busy, setBusy] = useState(false);
  if (data.state !== 'ok') return <Page title={m.pages_packagesTitle}>{data.state === 'loading' ? <Loading /> : <Failed onRetry={() => location.reload()} />}</Page>;
  const [list] = data.data;
  const standard = me.value?.customer?.hourlyRateCents ?? 0;
  const name = (item: CatalogueItem) => m.pages_packageName(duration(item.minutes));
  const balance = me.value?.customer?.balance;

  async function buy() {
    if (!confirming || busy) return;
    setBusy(true);
    setGeneral(undefined);
    try {
      const order = await orderPackage(confirming.item.id, confirming.key);
      await getMe().catch(() => undefined);
      setBought(order.package);
      setConfirming(undefined);
      setTimeout(() => document.getElementById('bought')?.focus());
    } catch (err) {
      setGeneral(problemErrors(err, {}).general);
      setFocusKey((k) => k + 1);
    } finally {
      setBusy(false);
    }
  }

  if (confirming) {
    const { item } = confirming;
    const vat = vatCents(item.priceCents);
    return (
      <Page key="confirm" title={m.pages_confirmTitle(name(item))}>
        <ErrorSummary errors={{}} general={general} labels={{}} focusKey={focusKey} />
        <p>{m.pages_confirmBody(duration(item.minutes))}</p>
        <dl class="facts receipt">
          <div>
            <dt>{m.pages_confirmPrice}</dt>
            <dd>{money(item.priceCents)}</dd>
          </div>
          <div>
            <dt>{m.pages_confirmVat(VAT_RATE_PERCENT)}</dt>
            <dd>{money(vat)}</dd>
          </div>
          <div>
            <dt>{m.pages_confirmTotal}</dt>
            <dd>{money(item.priceCents + vat)}</dd>
          </div>
        </dl>
        <div class="actions">
          <button type="button" onClick={() => void buy()} disabled={busy}>
            {busy ? m.pages_buying : m.pages_confirmBuy}
          </button>
          <button type="button" class="button-secondary" onClick={() => (setConfirming(undefined), setGeneral(undefined))} disabled={busy}>
            {m.pages_contestCancel}
          </button>
        </div>
      </Page>
    );
  }

  const recommended = list.items.find((i) => i.id === list.recommendation?.packageId);
  return (
    <Page key="list" title={m.pages_packagesTitle}>
      {bought && (
        <div class="banner banner-ok" role="status" id="bought" tabIndex={-1}>
          <p>{m.pages_bought(m.pages_packageName(duration(bought.minutes)), date(bought.expiresAt))}</p>
          {balance && (
            <p>
              <strong>{m.pages_newBalance}: </strong>
              {m.pages_prepaidLeft(duration(balance.freeMinutesRemaining), duration(balance.packageMinutesRemaining))}
            </p>
          )}
        </div>
      )}
      <p>{m.pages_packagesIntro(money(standard))}</p>
      {recommended && list.recommendation ? (
        <p class="banner">{m.pages_recommendation(name(recommended), duration(list.recommendation.averageMonthlyMinutes), list.recommendation.months)}</p>
      ) : (
        <p class="muted">{m.pages_noRecommendation}</p>
      )}
      <div class="table-wrap">
        <table class="stack-table">
          <caption class="visually-hidden">{m.pages_packagesTitle}</caption>
          <thead>
            <tr>
              <th scope="col">{m.pages_packageHours}</th>
              <th scope="col">{m.pages_packagePrice}</th>
              <th scope="col">{m.pages_packagePerHour}</th>
              <th scope="col">{m.pages_packageSaving}</th>
              <th scope="col">
                <span class="visually-hidden">{m.pages_packageBuyCol}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.items.map((item) => {
              const saving = standard > 0 ? (standard - item.hourlyPriceCents) / standard : 0;
              return (
                <tr key={item.id} class={item.id === recommended?.id ? 'row-recommended' : undefined}>
                  <th scope="row">
                    {name(item)} {item.id === recommended?.id && <span class="badge badge-included">{m.pages_recommended}</span>}
                  </th>
                  <td data-label={m.pages_packagePrice}>{m.pages_plusVat(money(item.priceCents))}</td>
                  <td data-label={m.pages_packagePerHour}>{m.pages_plusVat(money(item.hourlyPriceCents))}</td>
                  <td data-label={m.pages_packageSaving}>{saving > 0 ? m.pages_packageSavingValue(percent(saving), money(standard - item.hourlyPriceCents)) : '—'}</td>
                  <td>
                    <button type="button" class={item.id === recommended?.id ? undefined : 'button-secondary'} onClick={() => (setBought(undefined), setConfirming({ item, key: newIdempotencyKey() }))}>
                      {m.pages_buy(name(item))}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </Page>
  );
}
