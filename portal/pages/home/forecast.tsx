import { getForecast, type Forecast } from '../../api/hours';
import { useLoad } from '../../components/load';
import { date, duration, t } from '../../i18n/index';

/**
 * Home's forecast (GET /forecast): when the prepaid hours probably run out, as a range ("probably between",
 * never a promise: the range is the 10th–90th percentile of resampled use), or why there is no range yet,
 * and package hours that will expire unused. Loaded beside home's own data, so it never delays the balance.
 */
const romeDay = (day: string) => date(`${day}T12:00:00Z`);

function Lines(props: { f: Forecast }) {
  const m = t.value;
  const f = props.f;
  switch (f.status) {
    case 'insufficient_history':
      return <p>{m.forecastThin(f.weeksOfHistory, f.weeksNeeded)}</p>;
    case 'nothing_prepaid':
      return <p>{m.forecastNothing}</p>;
    case 'no_consumption':
      return (
        <>
          <p>{m.forecastNoUse}</p>
          <Expiring f={f} />
        </>
      );
    case 'ok': {
      const { earliest, latest } = f.runsOutBetween;
      const when = earliest === null ? m.forecastNotBefore(romeDay(f.horizon)) : latest === null ? m.forecastNotBefore(romeDay(earliest)) : earliest === latest ? m.forecastAround(romeDay(earliest)) : m.forecastRange(romeDay(earliest), romeDay(latest));
      return (
        <>
          <p class="forecast-when">{when}</p>
          <p>{f.weeklyMinutes.p10 === f.weeklyMinutes.p90 ? m.forecastWeeklyOne(duration(f.weeklyMinutes.p10)) : m.forecastWeekly(duration(f.weeklyMinutes.p10), duration(f.weeklyMinutes.p90))}</p>
          <Expiring f={f} />
          <p class="muted">{m.forecastNote}</p>
        </>
      );
    }
    default:
      return null;
  }
}

function Expiring(props: { f: Extract<Forecast, { expiringUnused: unknown }> }) {
  const m = t.value;
  if (props.f.expiringUnused.length === 0) return null;
  return (
    <ul>
      {props.f.expiringUnused.map((e) => (
        <li key={e.packageId}>{m.forecastExpiring(duration(e.minutes), date(e.expiresAt))}</li>
      ))}
    </ul>
  );
}

export function ForecastCard() {
  const m = t.value;
  const data = useLoad(getForecast, 'forecast');
  return (
    <section aria-labelledby="forecast-title" class="card" aria-busy={data.state === 'loading'}>
      <h2 id="forecast-title">{m.forecastTitle}</h2>
      {data.state === 'loading' && <p class="muted">{m.loading}</p>}
      {data.state === 'error' && <p class="muted">{m.errorGeneric}</p>}
      {data.state === 'ok' && <Lines f={data.data} />}
    </section>
  );
}
