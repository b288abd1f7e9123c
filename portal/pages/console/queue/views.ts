/**
 * Saved views of the queue: a name and the filters (the address's query), kept in this browser
 * (localStorage), newest last. A view is just a query, so opening one is following a link.
 */
export interface SavedView {
  name: string;
  query: string;
}

const KEY = 'monteore.console.queueViews';
const MAX_VIEWS = 20;

export function savedViews(): SavedView[] {
  try {
    const raw: unknown = JSON.parse(localStorage.getItem(KEY) ?? '[]');
    return Array.isArray(raw) ? raw.filter((v): v is SavedView => typeof v?.name === 'string' && typeof v?.query === 'string') : [];
  } catch {
    return [];
  }
}

function store(views: SavedView[]): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(views.slice(-MAX_VIEWS)));
  } catch {
    // storage full or disabled: the view lasts for this page only
  }
}

/** Saves (or replaces, by name) a view; returns the new list. */
export function saveView(view: SavedView): SavedView[] {
  const views = [...savedViews().filter((v) => v.name !== view.name), view];
  store(views);
  return views;
}

export function deleteView(name: string): SavedView[] {
  const views = savedViews().filter((v) => v.name !== name);
  store(views);
  return views;
}
