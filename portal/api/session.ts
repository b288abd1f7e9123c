import { signal } from '@preact/signals';
import { AuthError, completeNewPassword, refreshTokens, revoke, signIn, type SignInResult, type Tokens } from './cognito';
import type { Me, PortalConfig } from '#contracts/responses';

/**
 * Who is signed in. The access token lives only in memory (a signal); the refresh token in sessionStorage,
 * so a reload of the tab keeps the user signed in but closing the tab ends the session, and no other tab
 * or later visitor of a shared computer inherits it. The access token is refreshed a minute before it
 * expires and on any 401; when refreshing fails the user is asked to sign in again and comes back to the
 * page they were on (the hash route is kept).
 */
const REFRESH_KEY = 'monteore.refresh';
const REFRESH_MARGIN_MS = 60_000;

export const config = signal<PortalConfig | undefined>(undefined);
export const tokens = signal<Tokens | undefined>(undefined);
export const me = signal<Me | undefined>(undefined);
/** Set when a session ended by itself (expired refresh token), for the login page to say so. */
export const sessionExpired = signal(false);

let timer: ReturnType<typeof setTimeout> | undefined;
let refreshing: Promise<boolean> | undefined;

export async function loadConfig(): Promise<PortalConfig> {
  if (config.value) return config.value;
  const res = await fetch('/config.json', { headers: { accept: 'application/json' } });
  if (!res.ok) throw new Error(`GET /config.json: ${res.status}`);
  config.value = (await res.json()) as PortalConfig;
  return config.value;
}

function store(next: Tokens): void {
  tokens.value = next;
  try {
    sessionStorage.setItem(REFRESH_KEY, next.refreshToken);
  } catch {
    // storage disabled: the session lasts as long as the page
  }
  clearTimeout(timer);
  timer = setTimeout(() => void refresh(), Math.max(0, next.expiresAt - Date.now() - REFRESH_MARGIN_MS));
}

function clear(): void {
  clearTimeout(timer);
  tokens.value = undefined;
  me.value = undefined;
  try {
    sessionStorage.removeItem(REFRESH_KEY);
  } catch {
    // nothing stored
  }
}

/** A new access token from the refresh token; false (and signed out) when the session is over. */
export function refresh(): Promise<boolean> {
  refreshing ??= (async () => {
    const refreshToken = tokens.value?.refreshToken ?? safeRead();
    if (!refreshToken) return false;
    try {
      store(await refreshTokens(await loadConfig(), refreshToken));
      return true;
    } catch (err) {
      if (err instanceof AuthError && err.code === 'session-expired') {
        const wasSignedIn = tokens.value !== undefined;
        clear();
        sessionExpired.value = wasSignedIn;
      }
      return false;
    }
  })().finally(() => (refreshing = undefined));
  return refreshing;
}

function safeRead(): string | undefined {
  try {
    return sessionStorage.getItem(REFRESH_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

/** At start: a refresh token from an earlier load of this tab signs the user in again silently. */
export async function restore(): Promise<boolean> {
  if (!safeRead()) return false;
  return refresh();
}

export async function startSignIn(username: string, password: string): Promise<SignInResult> {
  const result = await signIn(await loadConfig(), username, password);
  if (result.kind === 'signed-in') {
    sessionExpired.value = false;
    store(result.tokens);
  }
  return result;
}

export async function finishNewPassword(username: string, session: string, newPassword: string): Promise<SignInResult> {
  const result = await completeNewPassword(await loadConfig(), username, session, newPassword);
  if (result.kind === 'signed-in') {
    sessionExpired.value = false;
    store(result.tokens);
  }
  return result;
}

export async function signOut(): Promise<void> {
  const refreshToken = tokens.value?.refreshToken;
  clear();
  sessionExpired.value = false;
  if (refreshToken && config.value) await revoke(config.value, refreshToken);
}
