import { drTwoRegionsDesign } from './design';

// DR_WITNESS=1 adds the third site with the broker and the fast-start failover observer.
const app = drTwoRegionsDesign('dist', { witness: process.env.DR_WITNESS === '1' });
app.synth();
// cdk8s synth keeps the app's stdout to itself; the summary goes to stderr so it shows.
console.error(app.summary());
