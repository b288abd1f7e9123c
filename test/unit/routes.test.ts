/** Proves the route table is consistent: each handler file exists, paths match with parameters, 405 is found. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fallbackRoute, matchRoute, pathMatcher, routes } from '../../functions/api/routes';

describe('route table', () => {
  it('every handler file exists, and no method+path is listed twice', () => {
    for (const r of [...routes, fallbackRoute]) expect(existsSync(resolve('functions/api', `${r.handler}.ts`)), r.handler).toBe(true);
    const keys = routes.map((r) => `${r.method} ${r.path}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('matches parameters and decodes them', () => {
    expect(pathMatcher('/tickets/{id}/messages')('/tickets/t%5F1/messages')).toEqual({ id: 't_1' });
    expect(pathMatcher('/tickets/{id}')('/tickets/a/b')).toBeUndefined();
    expect(pathMatcher('/config.json')('/configXjson')).toBeUndefined();
  });

  it('leaves a malformed percent-escape as sent (for the handler to refuse), instead of throwing', () => {
    expect(pathMatcher('/tickets/{id}')('/tickets/%E0%A4%A')).toEqual({ id: '%E0%A4%A' });
    expect(pathMatcher('/tickets/{id}')('/tickets/%zz')).toEqual({ id: '%zz' });
  });

  it('tells a wrong method from an unknown path', () => {
    expect(matchRoute('GET', '/me')).toMatchObject({ route: { handler: 'get-me' } });
    expect(matchRoute('POST', '/me')).toEqual({ allow: ['GET'] });
    expect(matchRoute('GET', '/nowhere')).toEqual({ allow: [] });
  });
});
