import { invalid } from '#core/errors';
import { usernameParam } from '#contracts/requests';

/**
 * The request schemas live in `contracts/requests.ts`, with the operations that use them
 * (`contracts/operations.ts`); handlers keep importing them from here.
 */
export * from '#contracts/requests';

/** The `{username}` path parameter, or 400 naming it (a key DynamoDB would refuse is a client mistake, not a 500). */
export function usernameFrom(path: Record<string, string>): string {
  const parsed = usernameParam.safeParse(path.username);
  if (!parsed.success) throw invalid(`username ${path.username} is not valid`, [{ path: 'path.username', message: parsed.error.issues[0]!.message }]);
  return parsed.data;
}
