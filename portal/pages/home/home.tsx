import { getRecentMe, listTickets } from '../../api/client';
import type { Balance, Me, Page as ApiPage, TicketSummary } from '#contracts/responses';
import { useLoad } from '../../components/load';
import { Failed, Loading, Page } from '../../components/page';
import { TicketTable } from '../tickets/table';
import { date, dateTime, duration, money, t } from '../../i18n/index';
import type { OpenIncident } from '../../api/hours';
import { ForecastCard } from './forecast';
import { href } from '../../router';

/**
 * Home: the hours a customer has (free bank, each package with its expiry, this month's consuntivo in
 * minutes and euro), the forecast, banners for used-up free hours and for a network incident covering the
 * account (GET /me's `openIncidents`), and the latest tickets. Home's data is two API calls, GET /me and
 * GET /tickets; the forecast (GET /forecast) loads beside them and never holds them up.
 */
const LOW_SHARE = 0.2;

type Level = 'ok' | 'low' | 'out';
function levelOf(remaining: number, granted: number): Level {
  if (remaining <= 0) return 'out';
  return remaining <= granted * LOW_SHARE ? 'low' : 'ok';
}

/** A bucket as a bar and words: the bar's colour follows the level, the words say it too. */
function HoursBar(props: { id: string; label: string; remaining: number; granted: number; detail: string }) {
  const m = t.value;
  const level = levelOf(props.remaining, props.granted);
  const levelText = level === 'out' ? m.levelOut : level === 'low' ? m.levelLow : m.levelOk;
  const max = Math.max(props.granted, props.remaining, 1);
  return (
    <div class={`bucket bucket-${level}`}>
      <div class="bucket-head">
        <span id={`${props.id}-label`} class="bucket-label">
          {props.label}
        </span>
        <span class={`level level-${level}`}>{levelText}</span>
      </div>
      <meter
        aria-labelledby={`${props.id}-label`}
        aria-describedby={`${props.id}-detail`}
        min={0}
        max={max}
        low={Math.ceil(max * LOW_SHARE)}
        high={max}
        optimum={max}
        value={Math.max(0, props.remaining)}
      />
      <p id={`${props.id}-detail`} class="bucket-detail">
        {props.detail}
      </p>
    </div>
  );
}

function Hours(props: { balance: Balance }) {
  const m = t.value;
  const b = props.balance;
  return (
    <section aria-labelledby="hours-title" class="card">
      <h2 id="hours-title">{m.hoursTitle}</h2>
      <HoursBar
        id="free"
        label={m.freeHours}
        remaining={b.freeMinutesRemaining}
        granted={b.freeMinutesGranted}
        detail={b.freeMinutesRemaining > 0 ? `${m.freeHoursLeft(duration(b.freeMinutesRemaining))} / ${duration(b.freeMinutesGranted)}` : m.freeHoursUsedUp}
      />
      <h3>{m.packagesTitle}</h3>
      {b.packages.length === 0 ? (
        <p class="muted">{m.noPackages}</p>
      ) : (
        b.packages.map((p, i) => (
          <HoursBar
            key={p.id}
            id={`package-${i}`}
            label={m.packageLabel(i + 1)}
            remaining={p.minutesRemaining}
            granted={p.minutesGranted}
            detail={`${m.packageLeft(duration(p.minutesRemaining), date(p.expiresAt))} / ${duration(p.minutesGranted)}`}
          />
        ))
      )}
      <h3>{m.consuntivoTitle}</h3>
      <p>{b.consuntivoMinutesThisPeriod > 0 ? m.consuntivoBody(duration(b.consuntivoMinutesThisPeriod), money(b.consuntivoAmountCentsThisPeriod)) : m.consuntivoNone}</p>
      <p class="muted">{m.hourlyRate(money(b.hourlyRateCents))}</p>
    </section>
  );
}

/** A network incident covering the account now: what, since when, and that tickets about it cost nothing. */
function IncidentBanner(props: { incidents: OpenIncident[] }) {
  const m = t.value;
  if (props.incidents.length === 0) return null;
  return (
    <section class="banner banner-error" aria-labelledby="incident-title">
      <h2 id="incident-title" class="banner-title">
        {m.incidentTitle}
      </h2>
      {props.incidents.map((i) => (
        <p key={i.id}>{m.incidentBody(i.title, dateTime(i.startedAt))}</p>
      ))}
    </section>
  );
}

export function HomePage() {
  const m = t.value;
  const data = useLoad<[Me, ApiPage<TicketSummary>]>(() => Promise.all([getRecentMe(), listTickets({ limit: 5 })]), 'home');
  return (
    <Page title={m.homeTitle}>
      {data.state === 'loading' && <Loading />}
      {data.state === 'error' && <Failed onRetry={() => location.reload()} />}
      {data.state === 'ok' && data.data[0].customer && (
        <>
          <IncidentBanner incidents={(data.data[0].customer as { openIncidents?: OpenIncident[] }).openIncidents ?? []} />
          {data.data[0].customer.balance.freeMinutesRemaining <= 0 && (
            <section class="banner banner-warning" aria-labelledby="used-up-title">
              <h2 id="used-up-title" class="banner-title">
                {m.usedUpTitle}
              </h2>
              <p>{m.freeHoursUsedUpBanner}</p>
              <p>{m.usedUpRate(money(data.data[0].customer.balance.hourlyRateCents))}</p>
              <p>
                <a href={href('/packages')}>{m.usedUpBuy}</a> · <a href={href('/faq')}>{m.navFaq}</a>
              </p>
            </section>
          )}
          <Hours balance={data.data[0].customer.balance} />
          <ForecastCard />
          <section aria-labelledby="latest-title" class="card">
            <h2 id="latest-title">{m.latestTickets}</h2>
            {data.data[1].items.length === 0 ? <p class="muted">{m.noTickets}</p> : <TicketTable tickets={data.data[1].items} caption={m.latestTickets} />}
            <p>
              <a href={href('/tickets')}>{m.allTickets}</a>
            </p>
          </section>
        </>
      )}
    </Page>
  );
}
