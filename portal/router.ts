import { signal } from '@preact/signals';
import { parse, type Route } from './routes';

export { href, type Route } from './routes';

/** The current route, following the address bar's hash. */
export const route = signal<Route>(parse(location.hash));
window.addEventListener('hashchange', () => {
  route.value = parse(location.hash);
});
