/**
 * Proves the API contract in the repository is the one the code serves: `docs/api.md` is exactly what
 * `npm run docs` renders from `contracts/` (run it and commit when this fails), and the docs that code
 * comments cite exist.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { API_DOC, renderApiDoc } from '../../docs/generate-api';

describe('docs/', () => {
  it('api.md is up to date with contracts/ (npm run docs)', () => {
    expect(readFileSync(API_DOC, 'utf8') === renderApiDoc(), 'docs/api.md is stale: run `npm run docs` and commit it').toBe(true);
  });

  it('holds the API contract and the product rules', () => {
    for (const file of ['docs/api.md', 'docs/product.md']) expect(existsSync(file), file).toBe(true);
  });
});
