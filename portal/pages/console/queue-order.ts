/**
 * The order of the queue the technician last looked at (ticket numbers, as filtered and sorted there),
 * kept for the tab, so the ticket workspace can move to the next or previous ticket (`j`/`k`) without
 * asking the server again.
 */
const KEY = 'monteore.console.queueOrder';

export function saveQueueOrder(numbers: readonly string[]): void {
  try {
    sessionStorage.setItem(KEY, JSON.stringify(numbers));
  } catch {
    // storage full or disabled: next/previous is then unavailable, nothing else breaks
  }
}

export function queueOrder(): string[] {
  try {
    const saved: unknown = JSON.parse(sessionStorage.getItem(KEY) ?? '[]');
    return Array.isArray(saved) ? saved.filter((s): s is string => typeof s === 'string') : [];
  } catch {
    return [];
  }
}

/** The ticket after (`+1`) or before (`-1`) `number` in the saved queue, if any. */
export function neighbour(number: string, step: 1 | -1): string | undefined {
  const order = queueOrder();
  const at = order.indexOf(number);
  return at < 0 ? undefined : order[at + step];
}
