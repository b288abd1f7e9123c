import { useState } from 'preact/hooks';
import { listTickets } from '../../api/client';
import type { TicketSummary } from '#contracts/responses';
import { pollTickets } from '../../api/tickets-write';
import { useLive } from '../../components/live';
import { Failed, Loading, Page } from '../../components/page';
import { t } from '../../i18n/index';
import { href } from '../../router';
import { TicketTable } from './table';

/** Tickets: the account's tickets newest first, a page at a time (the API's cursor); the first page is live. */
export function TicketsPage() {
  const m = t.value;
  const [first] = useLive((etag) => pollTickets(25, etag), 'tickets');
  const [more, setMore] = useState<{ items: TicketSummary[]; nextCursor?: string | undefined } | undefined>();
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreFailed, setMoreFailed] = useState(false);
  if (first.state !== 'ok') {
    return <Page title={m.ticketsTitle}>{first.state === 'loading' ? <Loading /> : <Failed onRetry={() => location.reload()} />}</Page>;
  }
  const items = [...first.data.items, ...(more?.items ?? [])];
  const cursor = more ? more.nextCursor : first.data.nextCursor;
  async function loadMore() {
    setLoadingMore(true);
    setMoreFailed(false);
    try {
      const page = await listTickets({ limit: 25, cursor: cursor! });
      setMore({ items: [...(more?.items ?? []), ...page.items], nextCursor: page.nextCursor });
    } catch {
      setMoreFailed(true);
    } finally {
      setLoadingMore(false);
    }
  }
  return (
    <Page title={m.ticketsTitle}>
      <a class="button-link" href={href('/tickets/new')}>
        {m.pages_newTicketTitle}
      </a>
      {items.length === 0 ? <p class="muted">{m.noTickets}</p> : <TicketTable tickets={items} caption={m.ticketsTitle} />}
      {moreFailed && <Failed />}
      {cursor && (
        <button type="button" class="button-secondary" onClick={loadMore} disabled={loadingMore}>
          {loadingMore ? m.loading : m.loadMore}
        </button>
      )}
    </Page>
  );
}
