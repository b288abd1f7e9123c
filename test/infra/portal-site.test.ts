// Proves the portal site on AWS (issue 11): the built portal in a private, encrypted, TLS-only, logged
// bucket that only the distribution reads (origin access control); the HTTP API as a second origin on the
// same domain, one uncached behaviour per first path segment of the route table that forwards every
// viewer header but Host (Authorization included) and every method; the single-page app's fallback on the
// site's behaviour only; a strict Content-Security-Policy and security headers on every response; email
// links (PORTAL_URL) pointing at the distribution unless -c portalUrl= says otherwise; cdk-nag clean with
// a custom domain too.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { App, Stack } from 'aws-cdk-lib';
import { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { routes } from '../../functions/api/routes';
import { apiPathPatterns, PortalSite, SPA_FALLBACK_FUNCTION, type PortalSiteProps } from '../../infra/constructs/portal-site';
import { fakePortalDir, logicalId, resourcesOf, synthesize } from './support';

const { service, serviceTemplate, templates } = synthesize();
const portal = service.portal!;
const template = Template.fromJSON(templates.get(portal.node.scope!.node.path)!);
const [distribution] = Object.values(resourcesOf(template, 'AWS::CloudFront::Distribution'));
/** What these tests read of a cache behavior and an origin of the distribution. */
interface Behavior {
  PathPattern: string;
  TargetOriginId: string;
  CachePolicyId: string;
  OriginRequestPolicyId?: string;
  ResponseHeadersPolicyId: unknown;
  AllowedMethods: string[];
  ViewerProtocolPolicy: string;
  FunctionAssociations?: { EventType: string }[];
}
interface Origin {
  Id: string;
  DomainName: unknown;
  OriginAccessControlId?: unknown;
  S3OriginConfig?: unknown;
  CustomOriginConfig?: unknown;
}
const config = distribution!.Properties.DistributionConfig as {
  Origins: Origin[];
  DefaultCacheBehavior: Behavior;
  CacheBehaviors: Behavior[];
  Logging?: unknown;
  DefaultRootObject?: string;
  CustomErrorResponses?: unknown;
};
const originById = new Map(config.Origins.map((o) => [o.Id, o]));
const MANAGED = {
  cachingDisabled: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
  cachingOptimized: '658327ea-f89d-4fab-a63d-7e88639e58f6',
  allViewerExceptHost: 'b689b0a8-53d0-40ab-baf2-68738e2966ac',
};

/** CloudFront's path-pattern matching: `*` any run of characters, `?` one, case-sensitive, whole path. */
const matches = (pattern: string, path: string) => new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`).test(path);

/** A stack with only an HTTP API and the site, for the construct's own edge cases. */
function siteAlone(props: Partial<PortalSiteProps> = {}) {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'Site', { env: { region: 'eu-south-1' } });
  const site = new PortalSite(stack, 'Site', { siteDir: fakePortalDir(), api: new HttpApi(stack, 'Api'), ...props });
  return { app, stack, site };
}

describe('portal site', () => {
  it('keeps the files in a private, encrypted, TLS-only bucket with access logs, read by the distribution alone (OAC)', () => {
    const bucket = resourcesOf(template, 'AWS::S3::Bucket')[logicalId(portal.bucket)]!.Properties;
    expect(bucket.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    expect(bucket.BucketEncryption).toEqual({ ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] });
    expect(bucket.LoggingConfiguration).toMatchObject({ LogFilePrefix: 'site/' });
    const policy = Object.values(resourcesOf(template, 'AWS::S3::BucketPolicy')).find((p) => JSON.stringify(p.Properties.Bucket) === JSON.stringify({ Ref: logicalId(portal.bucket) }))!;
    const statements = (policy.Properties.PolicyDocument as { Statement: { Effect: string; Principal: unknown; Action: unknown; Condition?: unknown }[] }).Statement;
    expect(statements).toEqual(expect.arrayContaining([expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]));
    const allows = statements.filter((s) => s.Effect === 'Allow');
    expect(allows).toHaveLength(1);
    expect(allows[0]).toMatchObject({ Principal: { Service: 'cloudfront.amazonaws.com' }, Action: 's3:GetObject' });
    expect(JSON.stringify(allows[0]!.Condition)).toContain('AWS:SourceArn');

    const site = originById.get(config.DefaultCacheBehavior.TargetOriginId)!;
    expect(site.OriginAccessControlId).toBeDefined();
    expect(site.S3OriginConfig).toEqual({ OriginAccessIdentity: '' });
    template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', { OriginAccessControlConfig: { OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' } });
    expect(config.Logging).toMatchObject({ Prefix: 'cdn/' });
  });

  it('serves the site by default: cached, GET/HEAD only, HTTPS, with the SPA fallback on viewer requests', () => {
    const behavior = config.DefaultCacheBehavior;
    expect(behavior.CachePolicyId).toBe(MANAGED.cachingOptimized);
    expect(behavior.AllowedMethods).toEqual(['GET', 'HEAD']);
    expect(behavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(behavior.FunctionAssociations).toHaveLength(1);
    expect(behavior.FunctionAssociations?.[0]?.EventType).toBe('viewer-request');
    expect(config.DefaultRootObject).toBe('index.html');
    // Distribution-wide error pages would turn the API's 404 problem+json into the page.
    expect(config.CustomErrorResponses).toBeUndefined();
    template.hasResourceProperties('AWS::CloudFront::Function', { FunctionCode: SPA_FALLBACK_FUNCTION, FunctionConfig: { Runtime: 'cloudfront-js-2.0' } });
  });

  it('falls back to index.html for paths without a file name, and serves files as they are', () => {
    const run = (uri: string) => (runInNewContext(`${SPA_FALLBACK_FUNCTION}; handler(event)`, { event: { request: { uri, method: 'GET' } } }) as { uri: string }).uri;
    expect(run('/')).toBe('/index.html');
    expect(run('/area-clienti')).toBe('/index.html');
    expect(run('/some/deep/link/')).toBe('/index.html');
    expect(run('/index.html')).toBe('/index.html');
    expect(run('/assets/main-ABC123.js')).toBe('/assets/main-ABC123.js');
    expect(run('/assets/styles-9F.css')).toBe('/assets/styles-9F.css');
  });

  it('sends every route of the table to the API, uncached, all methods, every viewer header but Host', () => {
    const behaviors = config.CacheBehaviors;
    expect(behaviors.map((b) => b.PathPattern)).toEqual(apiPathPatterns(routes));
    expect(behaviors.length).toBeLessThanOrEqual(25); // CloudFront's default quota per distribution
    for (const b of behaviors) {
      expect(b.CachePolicyId, b.PathPattern).toBe(MANAGED.cachingDisabled);
      expect(b.OriginRequestPolicyId, b.PathPattern).toBe(MANAGED.allViewerExceptHost);
      expect([...b.AllowedMethods].sort(), b.PathPattern).toEqual(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT']);
      expect(b.ViewerProtocolPolicy, b.PathPattern).toBe('https-only');
      const origin = originById.get(b.TargetOriginId)!;
      expect(origin.CustomOriginConfig, b.PathPattern).toMatchObject({ OriginProtocolPolicy: 'https-only' });
      expect(JSON.stringify(origin.DomainName)).toContain('.execute-api.eu-south-1.');
    }
    for (const route of routes) {
      const path = route.path.replace(/\{\w+\}/g, 't_01J');
      expect(behaviors.some((b) => matches(b.PathPattern, path)), path).toBe(true);
    }
    // …and the portal's own files stay on the site.
    for (const file of ['/', '/index.html', '/assets/main-ABC123.js']) expect(behaviors.some((b) => matches(b.PathPattern, file)), file).toBe(false);
  });

  it('puts a strict CSP, HSTS, nosniff, DENY framing and a referrer policy on every response', () => {
    const [policy] = Object.values(resourcesOf(template, 'AWS::CloudFront::ResponseHeadersPolicy'));
    const security = (policy!.Properties.ResponseHeadersPolicyConfig as { SecurityHeadersConfig: Record<string, unknown> & { ContentSecurityPolicy: { ContentSecurityPolicy: string } } })
      .SecurityHeadersConfig;
    const csp = security.ContentSecurityPolicy.ContentSecurityPolicy;
    const directives = Object.fromEntries(csp.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
    expect(directives['default-src']).toEqual(["'self'"]);
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['connect-src']).toEqual(["'self'", 'https://cognito-idp.eu-south-1.amazonaws.com']);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    expect(security.StrictTransportSecurity).toMatchObject({ AccessControlMaxAgeSec: 730 * 24 * 3600, IncludeSubdomains: true, Override: true });
    expect(security.ContentTypeOptions).toEqual({ Override: true });
    expect(security.FrameOptions).toEqual({ FrameOption: 'DENY', Override: true });
    expect(security.ReferrerPolicy).toEqual({ ReferrerPolicy: 'strict-origin-when-cross-origin', Override: true });
    const every = [config.DefaultCacheBehavior, ...(config.CacheBehaviors as unknown[])] as { ResponseHeadersPolicyId: unknown }[];
    for (const b of every) expect(b.ResponseHeadersPolicyId).toEqual({ Ref: Object.keys(resourcesOf(template, 'AWS::CloudFront::ResponseHeadersPolicy'))[0] });
  });

  it('deploys the built directory, revalidated on every request, and invalidates the distribution', () => {
    const [deployment] = Object.values(resourcesOf(template, 'Custom::CDKBucketDeployment'));
    expect(deployment!.Properties.SystemMetadata).toEqual({ 'cache-control': 'no-cache' });
    expect(deployment!.Properties.DistributionPaths).toEqual(['/*']);
    expect(deployment!.Properties.DestinationBucketName).toEqual({ Ref: logicalId(portal.bucket) });
  });

  it('points the email links (PORTAL_URL) at the distribution', () => {
    const notify = serviceTemplate.findResources('AWS::Lambda::Function')[logicalId(service.workflow.functions.get('notify')!.function)]!;
    const url = JSON.stringify(notify.Properties.Environment.Variables.PORTAL_URL);
    expect(url).toContain('https://');
    expect(url).toMatch(/Outputs\.MonteoreServicePortalSiteDistribution\w+DomainName/);
  });

  it('lets -c portalUrl= override the links, and leaves the site out (links on the API) without a built portal', () => {
    const overridden = synthesize({ portalUrl: 'https://assistenza.example.it' });
    const notifyOf = (s: typeof overridden) => s.serviceTemplate.findResources('AWS::Lambda::Function')[logicalId(s.service.workflow.functions.get('notify')!.function)]!;
    expect(notifyOf(overridden).Properties.Environment.Variables.PORTAL_URL).toBe('https://assistenza.example.it');
    const none = synthesize({ portalDir: mkdtempSync(join(tmpdir(), 'monteore-no-portal-')) });
    expect(none.service.portal).toBeUndefined();
    expect(JSON.stringify(notifyOf(none).Properties.Environment.Variables.PORTAL_URL)).toContain('ApiEndpoint');
  });

  it('refuses a site without index.html, or with a file an API behaviour would capture', () => {
    const empty = mkdtempSync(join(tmpdir(), 'monteore-empty-'));
    expect(() => siteAlone({ siteDir: empty })).toThrow(/has no index.html/);
    const clash = fakePortalDir();
    writeFileSync(join(clash, 'me.png'), '');
    expect(() => siteAlone({ siteDir: clash })).toThrow(/\/me\.png would be sent to the API/);
  });

  it('takes a domain and its certificate: TLS 1.2 at least, and cdk-nag clean without the default-certificate acknowledgment', () => {
    const { app, stack } = siteAlone({ domainName: 'assistenza.example.it', certificateArn: 'arn:aws:acm:us-east-1:111111111111:certificate/abc' });
    app.synth();
    const dist = Template.fromStack(stack).findResources('AWS::CloudFront::Distribution');
    const cfg = Object.values(dist)[0]!.Properties.DistributionConfig;
    expect(cfg.Aliases).toEqual(['assistenza.example.it']);
    expect(cfg.ViewerCertificate).toMatchObject({ MinimumProtocolVersion: 'TLSv1.2_2021', SslSupportMethod: 'sni-only' });
    const violations = new AwsSolutionsChecks()
      .validateScope(stack)
      .violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} at ${r.constructPath}`))
      .filter((v) => !v.includes(' at Site/Api/')); // the bare test API, not the site
    expect(violations).toEqual([]);
    expect(() => siteAlone({ domainName: 'assistenza.example.it' })).toThrow(/go together/);
  });
});
