// Proves the app stays inside CloudFormation's limits as it grows: no template (stack or nested stack)
// passes 400 of the 500 resources a stack may hold, the routes live in nested stacks by concern (so a
// new route adds to its group's template, not to the service stack), and the retained user pool has not
// moved (its logical id is its identity).
import { describe, expect, it } from 'vitest';
import { routes } from '../../functions/api/routes';
import { routeGroupOf } from '../../infra/constructs/http-api';
import { logicalId, synthesize } from './support';

/** A margin under CloudFormation's 500 resources per stack, for the next few concerns to land. */
const MAX_RESOURCES_PER_TEMPLATE = 400;

const { service, templates } = synthesize();

describe('CloudFormation limits', () => {
  it(`keeps every template at ${MAX_RESOURCES_PER_TEMPLATE} resources or fewer`, () => {
    const counts = Object.fromEntries([...templates].map(([path, t]) => [path, Object.keys(t.Resources as object).length]));
    expect(Object.keys(counts).length).toBeGreaterThan(2);
    for (const [path, count] of Object.entries(counts)) expect(count, `${path} has ${count} resources`).toBeLessThanOrEqual(MAX_RESOURCES_PER_TEMPLATE);
  });

  it('puts each route in the nested stack of its concern, and no route function in the service stack itself', () => {
    for (const route of routes) {
      const fn = service.api.functions.get(route.handler)!;
      const stack = service.api.routeStacks.get(routeGroupOf(route))!;
      expect(fn.node.path.startsWith(`${stack.node.path}/`), `${route.handler} in ${fn.node.path}`).toBe(true);
    }
    const ownResources = Object.values(templates.get(service.node.path)!.Resources as Record<string, { Type: string }>);
    // The fallback's function, the workflow's steps and the jobs are the service stack's own.
    expect(ownResources.filter((r) => r.Type === 'AWS::ApiGatewayV2::Route')).toHaveLength(1);
  });

  it('keeps the retained user pool and its client where they were', () => {
    expect(logicalId(service.auth.userPool)).toBe('AuthUserPool8115E87F');
    expect(logicalId(service.auth.userPoolClient)).toBe('AuthUserPoolPortalClientD23732A9');
  });
});
