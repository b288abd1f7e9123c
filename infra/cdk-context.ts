import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** The context `npx cdk synth` gets from cdk.json (feature flags included), for apps built in-process. */
export function cdkJsonContext(): Record<string, unknown> {
  return (JSON.parse(readFileSync(resolve(import.meta.dirname, '../cdk.json'), 'utf8')) as { context: Record<string, unknown> }).context;
}
