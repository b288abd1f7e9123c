import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Duration, RemovalPolicy, Stack, Token, Validations, type CfnElement } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  FunctionCode,
  FunctionEventType,
  Function as CloudFrontFunction,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
  type BehaviorOptions,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { routes, type RouteSpec } from '../../functions/api/routes';
import { firstSegment } from './http-api';

export interface PortalSiteProps {
  /** The built portal: `index.html` and its assets (`buildPortal()` writes `portal/dist`). */
  siteDir: string;
  /** The HTTP API: the distribution's second origin, at its own paths on the same domain (no CORS). */
  api: IHttpApi;
  /** The route table whose first path segments go to the API. @default `routes` of functions/api/routes.ts */
  routes?: readonly RouteSpec[];
  /**
   * A domain of the ISP's for the portal (e.g. `assistenza.example.it`), with `certificateArn`: an ACM
   * certificate for it in us-east-1, as CloudFront requires. @default the distribution's own
   * `*.cloudfront.net` name and certificate
   */
  domainName?: string;
  certificateArn?: string;
}

/**
 * The Content-Security-Policy of every response: the site's own scripts, styles and API, and Cognito's
 * endpoint (the login over `fetch`) as the one other origin; no inline script or style, no framing.
 * `npm start` sends the same header (infra/local), so a page that breaks under it breaks locally first.
 */
export function portalContentSecurityPolicy(cognitoOrigin: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src 'self' ${cognitoOrigin}`,
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * The CloudFront path patterns that go to the API: one per first segment of the route table
 * (`/tickets/{id}/messages` → `/tickets*`), so a new route reaches the API without a second list.
 * One pattern per segment, not `/x` and `/x/*`, keeps the behaviours under CloudFront's 25 per
 * distribution; the portal's own files must therefore not start like a route (checked at synth).
 */
export function apiPathPatterns(table: readonly RouteSpec[] = routes): string[] {
  return [...new Set(table.map((r) => firstSegment(r.path)))].map((segment) => `/${segment}*`);
}

/**
 * The viewer-request function of the site's behaviour: a path without a file extension (a deep link,
 * `/`) is answered with `index.html`, the single-page app's fallback. It runs on the S3 behaviour only:
 * CloudFront's distribution-wide error pages would also turn the API's 404 problem+json into the page.
 */
export const SPA_FALLBACK_FUNCTION = `function handler(event) {
  var request = event.request;
  var uri = request.uri;
  var name = uri.substring(uri.lastIndexOf('/') + 1);
  if (name === '' || name.indexOf('.') === -1) request.uri = '/index.html';
  return request;
}`;

/**
 * The customer portal on AWS: its files in a private bucket that only this distribution can read (origin
 * access control), and the HTTP API as a second origin on the same domain, so the portal calls `/me`,
 * `/tickets`… with no CORS. Every response carries a strict CSP, HSTS and the usual security headers.
 */
export class PortalSite extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  /** Where customers open the portal (and where email links point), without a trailing slash. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: PortalSiteProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const table = props.routes ?? routes;
    const patterns = apiPathPatterns(table);
    checkSite(props.siteDir, patterns);
    if (Boolean(props.domainName) !== Boolean(props.certificateArn)) throw new Error('portal-site: domainName and certificateArn go together');

    // Access logs of the site bucket and the distribution, kept a year.
    const logs = new Bucket(this, 'AccessLogs', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      // CloudFront's standard logs are written with an ACL, which BUCKET_OWNER_ENFORCED would refuse.
      objectOwnership: ObjectOwnership.OBJECT_WRITER,
      lifecycleRules: [{ expiration: Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(logs).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This bucket is the access-log target of the portal bucket and the distribution; logging it too would need yet another log bucket (or log into itself).',
    });

    // The built site only: rebuilt and redeployed from the repository at will, so nothing here is kept.
    this.bucket = new Bucket(this, 'Bucket', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: 'site/',
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const cognitoOrigin = `https://cognito-idp.${stack.region}.amazonaws.com`;
    const headers = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'monteore portal: strict CSP, HSTS, nosniff, no framing, referrer policy',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: portalContentSecurityPolicy(cognitoOrigin), override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(730), includeSubdomains: true, preload: false, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
      },
      customHeadersBehavior: {
        customHeaders: [{ header: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=()', override: true }],
      },
    });

    const spaFallback = new CloudFrontFunction(this, 'SpaFallback', {
      code: FunctionCode.fromInline(SPA_FALLBACK_FUNCTION),
      comment: 'monteore portal: paths without a file extension get index.html',
    });

    // The API at its own paths: never cached, every viewer header but Host (Authorization included,
    // which CloudFront forwards only when caching is off), query strings, every method.
    const apiOrigin = new HttpOrigin(`${props.api.apiId}.execute-api.${stack.region}.${stack.urlSuffix}`, {
      protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
    });
    const apiBehavior: BehaviorOptions = {
      origin: apiOrigin,
      viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: AllowedMethods.ALLOW_ALL,
      cachePolicy: CachePolicy.CACHING_DISABLED,
      originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      responseHeadersPolicy: headers,
      compress: true,
    };

    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'monteore customer portal and API',
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers,
        functionAssociations: [{ function: spaFallback, eventType: FunctionEventType.VIEWER_REQUEST }],
        compress: true,
      },
      additionalBehaviors: Object.fromEntries(patterns.map((pattern) => [pattern, apiBehavior])),
      httpVersion: HttpVersion.HTTP2_AND_3,
      // Customers are in Italy: Europe and North America's edges are enough and cost least.
      priceClass: PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: logs,
      logFilePrefix: 'cdn/',
      ...(props.domainName && props.certificateArn
        ? {
            domainNames: [props.domainName],
            certificate: Certificate.fromCertificateArn(this, 'Certificate', props.certificateArn),
            minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
    });
    this.url = `https://${props.domainName ?? this.distribution.distributionDomainName}`;

    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR1',
      reason: 'No geo restriction: customers of an Italian ISP travel and work abroad, and the API authenticates every request that reads data.',
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR2',
      reason:
        'No WAF web ACL (about 6 USD a month plus per-request fees): the site is static, and the API behind it throttles per route (public routes on a small budget of their own) and checks a Cognito token on every other route.',
    });
    if (!props.domainName) {
      Validations.of(this.distribution).acknowledge({
        id: 'AwsSolutions-CFR4',
        reason:
          'Without a domain of its own (-c domainName and certificateArn) the distribution serves the default *.cloudfront.net certificate, whose TLS floor CloudFront fixes; with a domain the policy is TLSv1.2_2021.',
      });
    }

    // The site's files; index.html must never be served stale, so every object is revalidated (ETag → 304)
    // and a deployment invalidates the distribution.
    const deployment = new BucketDeployment(this, 'Deployment', {
      sources: [Source.asset(props.siteDir)],
      destinationBucket: this.bucket,
      cacheControl: [CacheControl.noCache()],
      distribution: this.distribution,
      distributionPaths: ['/*'],
      logGroup: new LogGroup(this, 'DeploymentLogs', { retention: RetentionDays.ONE_MONTH }),
      memoryLimit: 512,
    });
    acknowledgeDeployment(deployment, this.bucket);
  }
}

/**
 * cdk-nag's findings on CDK's BucketDeployment handler (a singleton Lambda function CDK owns, run only
 * while deploying), acknowledged on its role and function.
 */
function acknowledgeDeployment(deployment: BucketDeployment, bucket: Bucket): void {
  const stack = Stack.of(deployment);
  const bucketId = stack.getLogicalId(bucket.node.defaultChild as CfnElement);
  const partition = Token.isUnresolved(stack.partition) ? '<AWS::Partition>' : stack.partition;
  const handler = stack.node.children.find((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'));
  if (!handler) throw new Error('portal-site: the BucketDeployment handler was not found in its stack');
  const reasons: Record<string, string> = {
    'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]':
      "CDK's BucketDeployment handler (runs only during a deployment) gets the basic execution role from CDK; it writes only its own logs.",
    'AwsSolutions-IAM5[Action::s3:GetObject*]': "CDK's BucketDeployment reads the site's asset from CDK's asset bucket (grantRead).",
    'AwsSolutions-IAM5[Action::s3:GetBucket*]': "CDK's BucketDeployment reads the site's asset from CDK's asset bucket (grantRead).",
    'AwsSolutions-IAM5[Action::s3:List*]': "CDK's BucketDeployment lists the asset and the portal bucket to copy and prune (grantRead/grantReadWrite).",
    'AwsSolutions-IAM5[Action::s3:DeleteObject*]': "CDK's BucketDeployment prunes files of an earlier build from the portal bucket only.",
    'AwsSolutions-IAM5[Action::s3:Abort*]': "CDK's BucketDeployment writes the portal bucket only (grantReadWrite).",
    'AwsSolutions-IAM5[Resource::*]':
      'cloudfront:CreateInvalidation and GetInvalidation for the post-deployment invalidation: CDK grants them on "*" (the distribution is created in the same deployment).',
    [`AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/*]`]: "CDK's BucketDeployment writes the site's files, named by the build, into the portal bucket only.",
    [`AwsSolutions-IAM5[Resource::arn:${partition}:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-${stack.region}/*]`]:
      "CDK's BucketDeployment reads the site's zip from CDK's bootstrap asset bucket, whose object keys are content hashes.",
    'AwsSolutions-L1': "CDK's BucketDeployment handler: its runtime is chosen by the CDK version, not by us, and it runs only during deployments.",
  };
  for (const [id, reason] of Object.entries(reasons)) Validations.of(handler).acknowledge({ id, reason });
}

/** The site must have an index.html, and no file whose path an API behaviour would capture. */
function checkSite(siteDir: string, patterns: readonly string[]): void {
  if (!existsSync(join(siteDir, 'index.html'))) {
    throw new Error(`portal-site: ${siteDir} has no index.html; build the portal first (buildPortal() in portal/build.ts)`);
  }
  const prefixes = patterns.map((p) => p.slice(0, -1));
  for (const file of walk(siteDir)) {
    const path = `/${relative(siteDir, file).split('\\').join('/')}`;
    const clash = prefixes.find((prefix) => path.startsWith(prefix));
    if (clash) throw new Error(`portal-site: ${path} would be sent to the API (behaviour ${clash}*); rename it or move it under /assets`);
  }
}

function* walk(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* walk(path);
    else yield path;
  }
}
