import { NestedStack, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  CfnStage,
  HttpApi,
  HttpAuthorizer,
  HttpAuthorizerType,
  HttpMethod,
  HttpRoute,
  HttpRouteKey,
  LogGroupLogDestination,
  type HttpStage,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { fallbackRoute, routes, type RouteSpec } from '../../functions/api/routes';
import { ServiceFunction, type ServiceResources } from './service-function';
import type { Auth } from './auth';

export interface HttpApiRoutesProps {
  auth: Auth;
  /** What the functions may be bound to; `apiBase` is this API's own URL and is filled in here. */
  resources: Omit<ServiceResources, 'apiBase' | 'userPool' | 'userPoolClient'>;
  /** The route table. @default `routes` from functions/api/routes.ts */
  routes?: readonly RouteSpec[];
  /** Steady-state requests per second for the whole stage. @default 50 */
  rateLimit?: number;
  /** Burst bucket size for the whole stage. @default 100 */
  burstLimit?: number;
}

/** Requests per second (steady) and bucket size (burst) of API Gateway's token-bucket throttling. */
export interface Throttle {
  rateLimit: number;
  burstLimit: number;
}

/**
 * The budget of the routes anyone can call without a token (`/health`, `/config.json`, `/openapi.json`):
 * small and their own, so a flood of anonymous requests is turned away at the edge (429) without eating
 * the stage's budget that logged-in users share. A portal visit reads `/config.json` once; monitors poll
 * `/health` every minute or so.
 */
export const PUBLIC_ROUTE_THROTTLE: Throttle = { rateLimit: 10, burstLimit: 20 };

/** The stage-wide default every other route gets (the stage's `DefaultRouteSettings`). */
export const DEFAULT_THROTTLE: Throttle = { rateLimit: 50, burstLimit: 100 };

/**
 * The per-route throttling of the stage, from the route table: an entry for every public route (and only
 * those; the rest share the stage default). Keyed by route key as `RouteSettings` wants it.
 */
export function routeThrottles(table: readonly RouteSpec[] = routes): Record<string, Throttle> {
  return Object.fromEntries(table.filter((r) => r.auth === 'public').map((r) => [`${r.method} ${r.path}`, PUBLIC_ROUTE_THROTTLE]));
}

/**
 * Which nested stack a route's resources go in: by the first segment of its path, so a concern's routes
 * stay together and adding a route never moves another. Each route costs about seven resources (function,
 * role, policy, log group, integration, permission, route) and CloudFormation allows 500 per stack; one
 * nested stack per concern keeps every template far from that (test/infra/limits.test.ts fails past 400).
 * A segment not listed here goes to `Other`: give a new concern its own group when `Other` grows.
 */
const ROUTE_GROUPS: Record<string, string> = {
  health: 'Public',
  'config.json': 'Public',
  'openapi.json': 'Public',
  categories: 'Public',
  me: 'Accounts',
  admin: 'Accounts',
  tickets: 'Tickets',
  incidents: 'Tickets',
  balance: 'Hours',
  ledger: 'Hours',
  packages: 'Hours',
  forecast: 'Hours',
  finance: 'Finance',
};

/** `/tickets/{id}/messages` → `Tickets`: the nested stack that holds the route's function and route. */
export const routeGroupOf = (route: Pick<RouteSpec, 'path'>): string => ROUTE_GROUPS[firstSegment(route.path)] ?? 'Other';

/** `/tickets/{id}` → `tickets`. */
export const firstSegment = (path: string): string => path.split('/')[1] ?? '';

/** `get-health` → `GetHealth`: construct ids follow the handler file, so they move only if it is renamed. */
export const constructIdFor = (handler: string): string =>
  handler
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');

/**
 * The HTTP API, built from the one route table: per entry one `ServiceFunction` and one route, public
 * entries without an authorizer and all others behind the Cognito JWT authorizer (the handler then checks
 * the role from `cognito:groups`). `$default` goes to the fallback handler (404/405 as problem+json).
 * The API, its stage, the authorizer and the fallback live here; each route's resources live in the
 * nested stack of its concern (`routeGroupOf`), and the stage throttles the public routes on their own.
 */
export class HttpApiRoutes extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  /** One per route table entry, by handler name, plus the fallback. */
  readonly functions: ReadonlyMap<string, ServiceFunction>;
  /** The base URL the portal calls, without a trailing slash. */
  readonly url: string;

  /** The nested stacks that hold the routes, by group (`routeGroupOf`). */
  readonly routeStacks: ReadonlyMap<string, NestedStack>;

  constructor(scope: Construct, id: string, props: HttpApiRoutesProps) {
    super(scope, id);
    const { userPool, userPoolClient } = props.auth;
    const table = props.routes ?? routes;

    this.api = new HttpApi(this, 'HttpApi', { apiName: 'monteore', createDefaultStage: false });
    this.url = this.api.apiEndpoint;

    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: RetentionDays.THREE_MONTHS });
    this.stage = this.api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.rateLimit ?? DEFAULT_THROTTLE.rateLimit, burstLimit: props.burstLimit ?? DEFAULT_THROTTLE.burstLimit },
      accessLogSettings: { destination: new LogGroupLogDestination(accessLogs), format: ACCESS_LOG_FORMAT },
    });
    (this.stage.node.defaultChild as CfnStage).routeSettings = Object.fromEntries(
      Object.entries(routeThrottles(table)).map(([key, t]) => [key, { ThrottlingRateLimit: t.rateLimit, ThrottlingBurstLimit: t.burstLimit }]),
    );

    // One authorizer, here beside the API, that the routes of every nested stack refer to by id.
    // Cognito access tokens carry no `aud`; API Gateway then matches `client_id` against the audience.
    const cognitoAuthorizer = new HttpAuthorizer(this, 'CognitoAuthorizer', {
      httpApi: this.api,
      type: HttpAuthorizerType.JWT,
      authorizerName: 'CognitoAuthorizer',
      jwtIssuer: userPool.userPoolProviderUrl,
      jwtAudience: [userPoolClient.userPoolClientId],
      identitySource: ['$request.header.Authorization'],
    });

    const resources: ServiceResources = { ...props.resources, userPool, userPoolClient, apiBase: this.url };
    const functions = new Map<string, ServiceFunction>();
    const routeStacks = new Map<string, NestedStack>();
    const stackFor = (group: string): NestedStack => {
      let stack = routeStacks.get(group);
      if (!stack) {
        stack = new NestedStack(this, `${group}Routes`, { description: `monteore: the ${group} routes of the HTTP API` });
        routeStacks.set(group, stack);
      }
      return stack;
    };
    for (const route of table) {
      const name = constructIdFor(route.handler);
      if (functions.has(route.handler)) throw new Error(`handler ${route.handler} is routed twice; one handler file serves one route`);
      const stack = stackFor(routeGroupOf(route));
      const fn = new ServiceFunction(stack, name, { handler: route.handler, access: route.access, resources });
      functions.set(route.handler, fn);
      const authorizer = route.auth === 'public' ? undefined : HttpAuthorizer.fromHttpAuthorizerAttributes(stack, `${name}Authorizer`, { authorizerId: cognitoAuthorizer.authorizerId, authorizerType: 'JWT' });
      const httpRoute = new HttpRoute(stack, `${name}Route`, {
        httpApi: this.api,
        routeKey: HttpRouteKey.with(route.path, HttpMethod[route.method]),
        integration: new HttpLambdaIntegration(`${name}Integration`, fn.function),
        ...(authorizer ? { authorizer } : {}),
      });
      if (route.auth === 'public') {
        Validations.of(httpRoute).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason: `${route.method} ${route.path} is public by the API contract (docs/api.md: every route but /health, /config.json and /openapi.json needs a token); it reads no customer data.`,
        });
      }
    }
    // The stage's RouteSettings name route keys, which must exist when the stage is created or updated.
    for (const stack of routeStacks.values()) this.stage.node.addDependency(stack);

    const fallback = new ServiceFunction(this, constructIdFor(fallbackRoute.handler), {
      handler: fallbackRoute.handler,
      access: fallbackRoute.access,
      resources,
    });
    functions.set(fallbackRoute.handler, fallback);
    const defaultRoute = new HttpRoute(this, 'DefaultRoute', {
      httpApi: this.api,
      routeKey: HttpRouteKey.DEFAULT,
      integration: new HttpLambdaIntegration('DefaultIntegration', fallback.function),
    });
    Validations.of(defaultRoute).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason: '$default only answers requests that match no route, with 404 or 405 problem+json; it touches no data, and a token would not change its answer.',
    });

    this.functions = functions;
    this.routeStacks = routeStacks;
  }
}

/** One JSON line per request: enough to follow a request into its function's logs, no token or body. */
const ACCESS_LOG_FORMAT = AccessLogFormat.custom(
  JSON.stringify({
    requestId: '$context.requestId',
    requestTime: '$context.requestTime',
    ip: '$context.identity.sourceIp',
    userAgent: '$context.identity.userAgent',
    method: '$context.httpMethod',
    path: '$context.path',
    routeKey: '$context.routeKey',
    status: '$context.status',
    protocol: '$context.protocol',
    responseLength: '$context.responseLength',
    latencyMs: '$context.responseLatency',
    integrationLatencyMs: '$context.integrationLatency',
    integrationError: '$context.integrationErrorMessage',
    authorizerError: '$context.authorizer.error',
  }),
);
