import { signal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import { cm } from './i18n';

/**
 * Keyboard shortcuts of the console. A page declares its own (`useShortcuts`) while it is shown; one
 * listener runs them, ignores keys typed into a field, and `?` opens the cheat sheet listing what the page
 * on screen offers. Keys are single characters as `KeyboardEvent.key` reports them (`j`, `k`, `r`, `/`).
 */
export interface Shortcut {
  key: string;
  /** What it does, in the current language (shown in the cheat sheet). */
  label: string;
  run: () => void;
}

const active = signal<readonly Shortcut[]>([]);
const sheetOpen = signal(false);

function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

function onKey(e: KeyboardEvent): void {
  if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
  if (e.key === '?') {
    e.preventDefault();
    sheetOpen.value = !sheetOpen.value;
    return;
  }
  // The dialog itself, not the signal: after Escape the signal turns false only on the `close` event, a
  // moment after the dialog has gone, and a key pressed in that moment would be lost.
  if (document.querySelector('dialog.shortcuts[open]')) return;
  const hit = active.value.find((s) => s.key === e.key);
  if (hit) {
    e.preventDefault();
    hit.run();
  }
}

/** Registers `list` while the calling component is mounted; pass a fresh list when labels or actions change. */
export function useShortcuts(list: readonly Shortcut[]): void {
  const current = useRef(list);
  current.current = list;
  useEffect(() => {
    const mine = list;
    active.value = [...active.value.filter((s) => !mine.some((m) => m.key === s.key)), ...mine];
    return () => {
      active.value = active.value.filter((s) => !mine.includes(s));
    };
  }, [list.map((s) => `${s.key}:${s.label}`).join('|')]);
}

/** The `?` listener and the cheat sheet; mounted once by the console shell. */
export function ShortcutsSheet() {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (sheetOpen.value && !d.open) d.showModal();
    if (!sheetOpen.value && d.open) d.close();
  }, [sheetOpen.value]);
  const m = cm.value;
  return (
    <dialog ref={dialog} class="shortcuts" aria-labelledby="shortcuts-title" onClose={() => (sheetOpen.value = false)}>
      <h2 id="shortcuts-title">{m.shortcutsTitle}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">{m.shortcutsKey}</th>
            <th scope="col">{m.shortcutsAction}</th>
          </tr>
        </thead>
        <tbody>
          {[...active.value, { key: '?', label: m.shortcutsHelp }].map((s) => (
            <tr key={s.key}>
              <td>
                <kbd>{s.key}</kbd>
              </td>
              <td>{s.label}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <form method="dialog">
        <button type="submit" class="button-secondary">
          {m.shortcutsClose}
        </button>
      </form>
    </dialog>
  );
}
