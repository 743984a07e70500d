import { backupsDesign } from './design';

const app = backupsDesign('dist');
app.synth();
// cdk8s synth keeps the app's stdout to itself; the summary goes to stderr so it shows.
console.error(app.summary());
