import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { env } from '#shared/env';
import type { CursorKey } from '#shared/cursors';

let key: Promise<Uint8Array> | undefined;

/**
 * The key list cursors are signed with: a Secrets Manager secret the stack generates (`CURSOR_SECRET_ID`),
 * read on first use and kept for the life of the process (one call per cold start). Locally the same call
 * reaches a stand-in that keeps one key per data directory (`infra/local/secrets.ts`). A failed read is
 * not cached, so the next request tries again.
 */
export const secretCursorKey: CursorKey = () => {
  if (!key) {
    key = readKey();
    key.catch(() => {
      key = undefined;
    });
  }
  return key;
};

async function readKey(): Promise<Uint8Array> {
  const out = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: env.cursorSecretId }));
  if (!out.SecretString || out.SecretString.length < 32) throw new Error('the cursor secret is missing or shorter than 32 characters');
  return Buffer.from(out.SecretString, 'utf8');
}
