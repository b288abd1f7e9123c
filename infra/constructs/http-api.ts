import { Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, HttpRoute, HttpRouteKey, LogGroupLogDestination, type HttpStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
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
 */
export class HttpApiRoutes extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  /** One per route table entry, by handler name, plus the fallback. */
  readonly functions: ReadonlyMap<string, ServiceFunction>;
  /** The base URL the portal calls, without a trailing slash. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: HttpApiRoutesProps) {
    super(scope, id);
    const { userPool, userPoolClient } = props.auth;

    this.api = new HttpApi(this, 'HttpApi', { apiName: 'monteore', createDefaultStage: false });
    this.url = this.api.apiEndpoint;

    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: RetentionDays.THREE_MONTHS });
    this.stage = this.api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.rateLimit ?? 50, burstLimit: props.burstLimit ?? 100 },
      accessLogSettings: { destination: new LogGroupLogDestination(accessLogs), format: ACCESS_LOG_FORMAT },
    });

    // Cognito access tokens carry no `aud`; API Gateway then matches `client_id` against the audience.
    const authorizer = new HttpJwtAuthorizer('CognitoAuthorizer', userPool.userPoolProviderUrl, {
      jwtAudience: [userPoolClient.userPoolClientId],
      identitySource: ['$request.header.Authorization'],
    });

    const resources: ServiceResources = { ...props.resources, userPool, userPoolClient, apiBase: this.url };
    const functions = new Map<string, ServiceFunction>();
    for (const route of props.routes ?? routes) {
      const name = constructIdFor(route.handler);
      if (functions.has(route.handler)) throw new Error(`handler ${route.handler} is routed twice; one handler file serves one route`);
      const fn = new ServiceFunction(this, name, { handler: route.handler, access: route.access, resources });
      functions.set(route.handler, fn);
      const httpRoute = new HttpRoute(this, `${name}Route`, {
        httpApi: this.api,
        routeKey: HttpRouteKey.with(route.path, HttpMethod[route.method]),
        integration: new HttpLambdaIntegration(`${name}Integration`, fn.function),
        ...(route.auth === 'public' ? {} : { authorizer }),
      });
      if (route.auth === 'public') {
        Validations.of(httpRoute).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason: `${route.method} ${route.path} is public by the API contract (docs/api.md: every route but /health, /config.json and /openapi.json needs a token); it reads no customer data.`,
        });
      }
    }

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
