import { ApiError, getTicket, listCategories } from '../../api/client';
import type { Category, Ticket } from '#contracts/responses';
import { KindBadge, StatusBadge } from '../../components/badges';
import { kindLabel, reasonLabel, ruleLabel } from '../../components/labels';
import { useLoad } from '../../components/load';
import { Failed, Loading, Page } from '../../components/page';
import { date, dateTime, duration, lang, t } from '../../i18n/index';
import { href } from '../../router';
import { NotFound } from '../errors/errors';

/**
 * One ticket: what was asked, its times, how it was classified and why (the rule in plain words), the
 * minutes and where they were drawn from, the work logged and the messages. Another account's ticket is
 * a 404 from the API, shown exactly like an unknown number.
 */
function Times(props: { ticket: Ticket }) {
  const m = t.value;
  const rows: [string, string | undefined][] = [
    [m.createdAt, props.ticket.createdAt],
    [m.firstResponseAt, props.ticket.firstResponseAt],
    [m.resolvedAt, props.ticket.resolvedAt],
    [m.closedAt, props.ticket.closedAt],
  ];
  return (
    <section aria-labelledby="times-title" class="card">
      <h2 id="times-title">{m.timesTitle}</h2>
      <dl class="facts">
        {rows.map(([label, at]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{at ? <time dateTime={at}>{dateTime(at)}</time> : <span class="muted">{m.notYet}</span>}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function Classification(props: { ticket: Ticket }) {
  const m = t.value;
  const c = props.ticket.classification;
  return (
    <section aria-labelledby="class-title" class="card">
      <h2 id="class-title">{m.classificationTitle}</h2>
      {c ? (
        <dl class="facts">
          <div>
            <dt>{m.classificationCol}</dt>
            <dd>
              <KindBadge kind={c.kind} />
            </dd>
          </div>
          <div>
            <dt>{m.reasonLabel}</dt>
            <dd>{reasonLabel(m, c.reason)}</dd>
          </div>
          <div>
            <dt>{m.ruleLabel}</dt>
            <dd>{ruleLabel(m, c.rule)}</dd>
          </div>
        </dl>
      ) : (
        <p>
          <KindBadge kind={props.ticket.expectedClassification} expected /> {m.classificationPending(kindLabel(m, props.ticket.expectedClassification).toLowerCase())}
        </p>
      )}
      {props.ticket.contest && (
        <p role="note">
          <strong>{m.contestTitle}: </strong>
          {props.ticket.contest.status === 'pending' ? m.contestPending : props.ticket.contest.status === 'accepted' ? m.contestAccepted : m.contestRejected}
        </p>
      )}
    </section>
  );
}

function Charges(props: { ticket: Ticket }) {
  const m = t.value;
  const bucketName = (b: string) => (b === 'free' ? m.bucketFree : b === 'package' ? m.bucketPackage : m.bucketConsuntivo);
  return (
    <section aria-labelledby="charges-title" class="card">
      <h2 id="charges-title">{m.minutesTitle}</h2>
      <dl class="facts">
        <div>
          <dt>{m.loggedMinutes}</dt>
          <dd>{duration(props.ticket.loggedMinutes)}</dd>
        </div>
        <div>
          <dt>{m.billableMinutes}</dt>
          <dd>{duration(props.ticket.billableMinutes)}</dd>
        </div>
      </dl>
      <h3>{m.chargesTitle}</h3>
      {props.ticket.charges.length === 0 ? (
        <p class="muted">{m.noCharges}</p>
      ) : (
        <ul class="plain">
          {props.ticket.charges.map((c, i) => (
            <li key={i}>
              {bucketName(c.bucket)}: {duration(c.minutes)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Worklogs(props: { ticket: Ticket }) {
  const m = t.value;
  return (
    <section aria-labelledby="worklogs-title" class="card">
      <h2 id="worklogs-title">{m.worklogsTitle}</h2>
      {props.ticket.worklogs.length === 0 ? (
        <p class="muted">{m.noWorklogs}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <caption class="visually-hidden">{m.worklogsTitle}</caption>
            <thead>
              <tr>
                <th scope="col">{m.when}</th>
                <th scope="col">{m.minutes}</th>
                <th scope="col">{m.kind}</th>
                <th scope="col">{m.note}</th>
              </tr>
            </thead>
            <tbody>
              {props.ticket.worklogs.map((w) => (
                <tr key={w.id}>
                  <td>
                    <time dateTime={w.at}>{dateTime(w.at)}</time>
                  </td>
                  <td>{duration(w.minutes)}</td>
                  <td>{w.kind === 'onsite' ? m.worklogOnsite : m.worklogRemote}</td>
                  <td>{w.note}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function Messages(props: { ticket: Ticket }) {
  const m = t.value;
  return (
    <section aria-labelledby="messages-title" class="card">
      <h2 id="messages-title">{m.messagesTitle}</h2>
      {props.ticket.messages.length === 0 ? (
        <p class="muted">{m.noMessages}</p>
      ) : (
        <ol class="thread">
          {props.ticket.messages.map((msg) => (
            <li key={msg.id} class={`message message-${msg.author}`}>
              <p class="message-meta">
                <strong>{msg.author === 'customer' ? m.fromYou : m.fromStaff}</strong> · <time dateTime={msg.at}>{dateTime(msg.at)}</time>
              </p>
              <p class="message-body">{msg.body}</p>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

let categoriesCache: Promise<Category[]> | undefined;

export function TicketPage(props: { id: string }) {
  const m = t.value;
  const data = useLoad(() => Promise.all([getTicket(props.id), (categoriesCache ??= listCategories().catch((e: unknown) => ((categoriesCache = undefined), Promise.reject(e))))]), `ticket:${props.id}`);
  if (data.state === 'error' && data.error instanceof ApiError && (data.error.status === 404 || data.error.status === 400)) {
    return <NotFound title={m.ticketNotFoundTitle} body={m.ticketNotFoundBody} back={{ href: href('/tickets'), label: m.backToTickets }} />;
  }
  if (data.state !== 'ok') return <Page title={m.ticketTitle(props.id)}>{data.state === 'loading' ? <Loading /> : <Failed onRetry={() => location.reload()} />}</Page>;
  const [ticket, categories] = data.data;
  const category = categories.find((c) => c.id === ticket.category)?.label[lang.value] ?? ticket.category;
  return (
    <Page title={m.ticketTitle(ticket.number)}>
      <p>
        <a href={href('/tickets')}>← {m.backToTickets}</a>
      </p>
      <section aria-labelledby="about-title" class="card">
        <h2 id="about-title">{ticket.subject}</h2>
        <dl class="facts">
          <div>
            <dt>{m.status}</dt>
            <dd>
              <StatusBadge status={ticket.status} />
            </dd>
          </div>
          <div>
            <dt>{m.category}</dt>
            <dd>{category}</dd>
          </div>
          <div>
            <dt>{m.onSite}</dt>
            <dd>{ticket.onSite ? m.yes : m.no}</dd>
          </div>
          <div>
            <dt>{m.openedOn}</dt>
            <dd>{date(ticket.createdAt)}</dd>
          </div>
        </dl>
        <h3>{m.description}</h3>
        <p class="message-body">{ticket.description}</p>
      </section>
      <Classification ticket={ticket} />
      <Charges ticket={ticket} />
      <Times ticket={ticket} />
      <Worklogs ticket={ticket} />
      <Messages ticket={ticket} />
    </Page>
  );
}
