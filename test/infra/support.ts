import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, NestedStack, Stack, type CfnResource } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import type { IConstruct } from 'constructs';
import { cdkJsonContext, defineMonteore, type Monteore } from '../../infra/monteore';

export { cdkJsonContext };

export interface Synthesized extends Monteore {
  app: App;
  dataTemplate: Template;
  /**
   * The whole service as one template: the service stack's resources and those of its nested stacks (the
   * route groups), with each nested stack's parameters replaced by what the parent passes, so a reference
   * reads the same wherever the resource lives.
   */
  serviceTemplate: Template;
  /** Every template the app deploys, nested ones included, by construct path (for per-stack limits). */
  templates: Map<string, TemplateJson>;
}

/**
 * A stand-in for the built portal (`portal/dist`): an index.html and a hashed asset, as `buildPortal()`
 * writes them. The infra tests deploy this, so they never depend on a portal build.
 */
export function fakePortalDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'monteore-portal-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Area clienti</title><script type="module" src="/assets/main-ABC123.js"></script>');
  writeFileSync(join(dir, 'assets', 'main-ABC123.js'), 'console.log("portal")');
  return dir;
}

let portalDir: string | undefined;

/** The context the infra tests synthesize with: cdk.json's, no bundling, the stand-in portal. */
export function testContext(context: Record<string, unknown> = {}): Record<string, unknown> {
  portalDir ??= fakePortalDir();
  return { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [], portalDir, ...context };
}

/**
 * Builds the app as `infra/app.ts` does and synthesizes it once. Bundling is skipped
 * (`aws:cdk:bundling-stacks: []`): the templates are the same apart from asset hashes, and esbuild is
 * exercised by `npx cdk synth` and `npm run bench:bundles`.
 */
export function synthesize(context: Record<string, unknown> = {}): Synthesized {
  const app = new App({ context: testContext(context) });
  const stacks = defineMonteore(app);
  const assembly = app.synth();
  const templates = new Map<string, TemplateJson>();
  for (const stack of [stacks.data, stacks.service]) templates.set(stack.node.path, assembly.getStackByName(stack.stackName).template as TemplateJson);
  for (const nested of app.node.findAll().filter(NestedStack.isNestedStack)) templates.set(nested.node.path, nestedTemplate(assembly, nested));
  return {
    app,
    ...stacks,
    templates,
    dataTemplate: Template.fromJSON(templates.get(stacks.data.node.path)!),
    serviceTemplate: Template.fromJSON(flatten(stacks.service, templates)),
  };
}

function nestedTemplate(assembly: CloudAssembly, nested: NestedStack): TemplateJson {
  return JSON.parse(readFileSync(join(assembly.directory, nested.templateFile), 'utf8')) as TemplateJson;
}

/** A stack's template with its nested stacks' resources merged in, their parameters inlined. */
function flatten(stack: Stack, templates: Map<string, TemplateJson>): TemplateJson {
  const parent = structuredClone(templates.get(stack.node.path)!);
  for (const nested of stack.node.findAll().filter((c): c is NestedStack => NestedStack.isNestedStack(c) && c.nestedStackParent === stack)) {
    const resource = nested.nestedStackResource!;
    const params = (parent.Resources[stack.getLogicalId(resource)]!.Properties.Parameters ?? {}) as Record<string, unknown>;
    const inline = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(inline);
      if (value === null || typeof value !== 'object') return value;
      const ref = (value as { Ref?: unknown }).Ref;
      if (typeof ref === 'string' && Object.keys(value).length === 1 && ref in params) return params[ref];
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, inline(v)]));
    };
    const child = flatten(nested, templates);
    for (const [id, res] of Object.entries(child.Resources)) {
      if (id in parent.Resources) throw new Error(`logical id ${id} of ${nested.node.path} is also in ${stack.node.path}`);
      parent.Resources[id] = inline(res) as Resources[string];
    }
  }
  return parent;
}

/** The logical id of a construct's CloudFormation resource (its default child, or itself). */
export function logicalId(construct: IConstruct): string {
  const cfn = (construct.node.defaultChild ?? construct) as CfnResource;
  return Stack.of(cfn).getLogicalId(cfn);
}

export type Resources = Record<string, { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string; UpdateReplacePolicy?: string }>;

/** A synthesized CloudFormation template as JSON: its resources, and the other sections untyped. */
export interface TemplateJson {
  Resources: Resources;
  [section: string]: unknown;
}

export const resourcesOf = (template: Template, type: string): Resources => template.findResources(type) as Resources;
