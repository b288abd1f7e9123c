import { App } from 'aws-cdk-lib';
import { buildPortal } from '../portal/build';
import { checkWithCdkNag, DEFAULT_PORTAL_DIR, defineMonteore } from './monteore';

/**
 * The CDK app (`npx cdk synth`): the data and service stacks, checked by cdk-nag's AwsSolutions pack. The portal
 * is built first with the same `buildPortal` that `npm start` uses, so what deploys is the current portal (a
 * `-c portalDir=` names a build made elsewhere instead).
 */
const app = new App();
if (!app.node.tryGetContext('portalDir')) await buildPortal({ outdir: DEFAULT_PORTAL_DIR });
defineMonteore(app);
checkWithCdkNag(app);
app.synth();
