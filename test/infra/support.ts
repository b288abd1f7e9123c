import { App, Stack, type CfnResource } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { cdkJsonContext, defineMonteore, type Monteore } from '../../infra/monteore';

export { cdkJsonContext };

export interface Synthesized extends Monteore {
  app: App;
  dataTemplate: Template;
  serviceTemplate: Template;
}

/**
 * Builds the app as `infra/app.ts` does and synthesizes it once. Bundling is skipped
 * (`aws:cdk:bundling-stacks: []`): the templates are the same apart from asset hashes, and esbuild is
 * exercised by `npx cdk synth` and `npm run bench:bundles`.
 */
export function synthesize(context: Record<string, unknown> = {}): Synthesized {
  const app = new App({ context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [], ...context } });
  const stacks = defineMonteore(app);
  const assembly = app.synth();
  return {
    app,
    ...stacks,
    dataTemplate: Template.fromJSON(assembly.getStackByName(stacks.data.stackName).template as Record<string, unknown>),
    serviceTemplate: Template.fromJSON(assembly.getStackByName(stacks.service.stackName).template as Record<string, unknown>),
  };
}

/** The logical id of a construct's CloudFormation resource (its default child, or itself). */
export function logicalId(construct: IConstruct): string {
  const cfn = (construct.node.defaultChild ?? construct) as CfnResource;
  return Stack.of(cfn).getLogicalId(cfn);
}

export type Resources = Record<string, { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string; UpdateReplacePolicy?: string }>;

export const resourcesOf = (template: Template, type: string): Resources => template.findResources(type) as Resources;
