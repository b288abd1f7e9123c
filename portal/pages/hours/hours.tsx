import { ledgerBetween, type LedgerEntry } from '../../api/hours';
import type { BucketKind as Bucket } from '#contracts/vocabulary';
import { useLoad } from '../../components/load';
import { Failed, Loading, Page } from '../../components/page';
import { duration, lang, money, t, type Messages } from '../../i18n/index';
import { href } from '../../router';
import { addMonths, drawnByMonth, ledgerCsv, romeMonthOf, romeMonthStart, type MonthDraw, type MonthKey } from './months';

/**
 * Hours and movements: the ledger by Rome month. A chart of the minutes drawn per month by bucket (SVG,
 * with the same figures in a table beside it), the chosen month's movements each linked to its ticket, and
 * the twelve months' movements as CSV, made in the browser from the very entries on screen (no second
 * route, so the file always says what the page says). One read of the ledger: the twelve months up to the
 * chosen one (`/#/hours/2026-10`; `/#/hours` is this month), page after page.
 */
const MONTHS = 12;
const BUCKETS: Bucket[] = ['free', 'package', 'consuntivo'];

function bucketName(m: Messages, b: Bucket): string {
  return b === 'free' ? m.bucketFree : b === 'package' ? m.bucketPackage : m.bucketConsuntivo;
}
function reasonName(m: Messages, r: LedgerEntry['reason']): string {
  return m[`entry_${r}`] ?? r;
}

function monthFormat(key: MonthKey, options: Intl.DateTimeFormatOptions): string {
  const [y, mo] = key.split('-').map(Number) as [number, number];
  return new Intl.DateTimeFormat(lang.value === 'it' ? 'it-IT' : 'en-GB', { ...options, timeZone: 'UTC' }).format(new Date(Date.UTC(y, mo - 1, 15)));
}
/** `novembre 2026` / `November 2026`. */
const monthName = (key: MonthKey) => monthFormat(key, { month: 'long', year: 'numeric' });
/** `nov` / `Nov`: the chart's labels (the year under the first bar and under January). */
const monthShort = (key: MonthKey) => monthFormat(key, { month: 'short' });

/** Stacked bars, one per month, drawn in the order of the legend; the table after it carries the figures. */
function Chart(props: { rows: MonthDraw[] }) {
  const m = t.value;
  const W = 720;
  const H = 240;
  const top = 24;
  const bottom = 36;
  const left = 8;
  const slot = (W - left * 2) / props.rows.length;
  const bar = Math.min(40, slot * 0.6);
  const max = Math.max(60, ...props.rows.map((r) => r.total));
  const scale = (H - top - bottom) / max;
  const first = props.rows[0]!.month;
  const last = props.rows[props.rows.length - 1]!.month;
  return (
    <figure class="chart">
      {/* On a phone the chart keeps a readable size and scrolls sideways, starting at the latest month (rtl). */}
      <div class="chart-scroll" tabIndex={0}>
        <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={m.chartAlt(monthName(first), monthName(last))} preserveAspectRatio="xMidYMid meet">
          <line x1={left} x2={W - left} y1={H - bottom} y2={H - bottom} class="chart-axis" />
          {props.rows.map((r, i) => {
            const x = left + slot * i + (slot - bar) / 2;
            let y = H - bottom;
            return (
              <g key={r.month}>
                {BUCKETS.map((b) => {
                  const h = Math.max(0, r[b]) * scale;
                  y -= h;
                  return h > 0 ? <rect key={b} x={x} y={y} width={bar} height={h} class={`chart-${b}`} /> : null;
                })}
                {r.total > 0 && (
                  <text x={x + bar / 2} y={y - 6} text-anchor="middle" class="chart-value">
                    {duration(r.total)}
                  </text>
                )}
                <text x={x + bar / 2} y={H - bottom + 16} text-anchor="middle" class="chart-label">
                  {monthShort(r.month)}
                </text>
                {(i === 0 || r.month.endsWith('-01')) && (
                  <text x={x + bar / 2} y={H - bottom + 30} text-anchor="middle" class="chart-label">
                    {r.month.slice(0, 4)}
                  </text>
                )}
              </g>
            );
          })}
        </svg>
      </div>
      <figcaption>
        <ul class="legend">
          {BUCKETS.map((b) => (
            <li key={b}>
              <svg viewBox="0 0 12 12" width="12" height="12" aria-hidden="true">
                <rect width="12" height="12" class={`chart-${b}`} />
              </svg>{' '}
              {bucketName(m, b)}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}

function DrawnTable(props: { rows: MonthDraw[]; current: MonthKey }) {
  const m = t.value;
  return (
    <div class="table-wrap">
      <table class="numbers stack-table">
        <caption class="visually-hidden">{m.chartCaption}</caption>
        <thead>
          <tr>
            <th scope="col">{m.monthCol}</th>
            {BUCKETS.map((b) => (
              <th scope="col" key={b}>
                {bucketName(m, b)}
              </th>
            ))}
            <th scope="col">{m.totalCol}</th>
          </tr>
        </thead>
        <tbody>
          {[...props.rows].reverse().map((r) => (
            <tr key={r.month} aria-current={r.month === props.current ? 'true' : undefined} class={r.total === 0 ? 'zero' : undefined}>
              <th scope="row">
                <a href={href(`/hours/${r.month}`)}>{monthName(r.month)}</a>
              </th>
              {BUCKETS.map((b) => (
                <td key={b} data-label={bucketName(m, b)}>
                  {duration(r[b])}
                </td>
              ))}
              <td data-label={m.totalCol}>{duration(r.total)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Movements(props: { entries: LedgerEntry[]; month: MonthKey }) {
  const m = t.value;
  const rows = props.entries.filter((e) => romeMonthOf(e.at) === props.month);
  const at = new Intl.DateTimeFormat(lang.value === 'it' ? 'it-IT' : 'en-GB', { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Rome' });
  if (rows.length === 0) return <p class="muted">{m.movementsNone}</p>;
  return (
    <div class="table-wrap">
      <table class="stack-table">
        <caption class="visually-hidden">{m.movementsTitle(monthName(props.month))}</caption>
        <thead>
          <tr>
            <th scope="col">{m.dateCol}</th>
            <th scope="col">{m.movementCol}</th>
            <th scope="col">{m.bucketCol}</th>
            <th scope="col">{m.minutesCol}</th>
            <th scope="col">{m.ticketCol}</th>
            <th scope="col">{m.amountCol}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((e) => {
            const cents = e.reason === 'purchase' ? e.priceCents : e.bucket === 'consuntivo' ? e.amountCents : undefined;
            return (
              <tr key={e.id}>
                <td data-label={m.dateCol}>
                  <time dateTime={e.at}>{at.format(new Date(e.at))}</time>
                </td>
                <td data-label={m.movementCol}>{reasonName(m, e.reason)}</td>
                <td data-label={m.bucketCol}>{bucketName(m, e.bucket)}</td>
                <td data-label={m.minutesCol} class="num">
                  {e.minutes > 0 ? '+' : ''}
                  {duration(e.minutes)}
                </td>
                <td data-label={m.ticketCol}>{e.ticketId ? <a href={href(`/tickets/${e.ticketNumber ?? e.ticketId}`)}>{e.ticketNumber ?? m.ticketCol}</a> : <span class="muted">–</span>}</td>
                <td data-label={m.amountCol}>{cents === undefined ? <span class="muted">–</span> : m.plusVat(money(cents))}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function download(name: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function HoursPage(props: { month?: string }) {
  const m = t.value;
  const current = romeMonthOf(new Date());
  const month = props.month && props.month <= current ? props.month : current;
  const first = addMonths(month, -(MONTHS - 1));
  const months = Array.from({ length: MONTHS }, (_, i) => addMonths(first, i));
  const data = useLoad(() => ledgerBetween(romeMonthStart(first), romeMonthStart(addMonths(month, 1))), `hours:${month}`);
  const csv = (entries: LedgerEntry[]) => () =>
    download(
      m.csvFile(first, month),
      ledgerCsv(entries, { header: m.csvHeader.split(','), reason: (r) => reasonName(m, r), bucket: (b) => bucketName(m, b) }),
    );
  return (
    <Page title={m.hoursPageTitle}>
      {data.state === 'loading' && <Loading />}
      {data.state === 'error' && <Failed onRetry={() => location.reload()} />}
      {data.state === 'ok' && (
        <>
          {!data.data.complete && (
            <div class="banner banner-warning" role="note">
              <p>{m.ledgerTruncated}</p>
            </div>
          )}
          <section aria-labelledby="drawn-title" class="card">
            <h2 id="drawn-title">{m.drawnTitle}</h2>
            <p>{m.drawnIntro(monthName(first), monthName(month))}</p>
            <div class="chart-and-table">
              <Chart rows={drawnByMonth(data.data.items, months)} />
              <DrawnTable rows={drawnByMonth(data.data.items, months)} current={month} />
            </div>
          </section>
          <section aria-labelledby="movements-title" class="card">
            <h2 id="movements-title">{m.movementsTitle(monthName(month))}</h2>
            <nav aria-label={m.monthNav} class="month-nav">
              <a href={href(`/hours/${addMonths(month, -1)}`)}>{m.prevMonth(monthName(addMonths(month, -1)))}</a>
              {month < current && <a href={href(`/hours/${addMonths(month, 1)}`)}>{m.nextMonth(monthName(addMonths(month, 1)))}</a>}
            </nav>
            <Movements entries={data.data.items} month={month} />
            <p>
              <button type="button" class="button-secondary" onClick={csv(data.data.items)}>
                {m.downloadCsv(monthName(first), monthName(month))}
              </button>
            </p>
          </section>
        </>
      )}
    </Page>
  );
}
