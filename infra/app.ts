import { App } from 'aws-cdk-lib';
import { checkWithCdkNag, defineMonteore } from './monteore';

/** The CDK app (`npx cdk synth`): the data and service stacks, checked by cdk-nag's AwsSolutions pack. */
const app = new App();
defineMonteore(app);
checkWithCdkNag(app);
app.synth();
