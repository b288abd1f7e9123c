import { render } from 'preact';
import { App } from './app';
import { loadConfig, restore } from './api/session';
import './styles.css';

/** Start: read /config.json (one build runs against any stack), resume this tab's session, render. */
const root = document.getElementById('app')!;
try {
  await loadConfig();
  await restore();
} catch {
  // The login page will say the service does not answer when the user tries.
}
root.textContent = '';
render(<App />, root);
