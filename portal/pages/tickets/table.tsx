import type { TicketSummary } from '#contracts/responses';
import { StatusBadge, TicketKind } from '../../components/badges';
import { date, t } from '../../i18n/index';
import { href } from '../../router';

/**
 * Tickets as a table: number (the link), subject, status, classification, opening date. On a phone each
 * row stacks into a small card, each cell under its column's name (`data-label`).
 */
export function TicketTable(props: { tickets: TicketSummary[]; caption: string }) {
  const m = t.value;
  return (
    <div class="table-wrap">
      <table class="stack-table">
        <caption class="visually-hidden">{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{m.ticketNumber}</th>
            <th scope="col">{m.subject}</th>
            <th scope="col">{m.status}</th>
            <th scope="col">{m.classificationCol}</th>
            <th scope="col">{m.openedOn}</th>
          </tr>
        </thead>
        <tbody>
          {props.tickets.map((ticket) => (
            <tr key={ticket.id}>
              <th scope="row">
                <a href={href(`/tickets/${ticket.number}`)}>{ticket.number}</a>
              </th>
              <td data-label={m.subject}>{ticket.subject}</td>
              <td data-label={m.status}>
                <StatusBadge status={ticket.status} />
              </td>
              <td data-label={m.classificationCol}>
                <TicketKind ticket={ticket} />
              </td>
              <td data-label={m.openedOn}>{date(ticket.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
