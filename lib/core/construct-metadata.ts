/*
 * The metadata types under which the public constructs record what the design is built from
 * (`lib/synth/build-design.ts` reads them). Internal: not exported from the package.
 */

/** Acknowledgements (`Acknowledge.rule`), on the construct each one is for. */
export const ACKNOWLEDGEMENT_METADATA = 'cdk-multisite:acknowledge';

/** The app's `TerraformBackend` (`MultiSiteAppProps.terraformBackend`), on the app. */
export const TERRAFORM_BACKEND_METADATA = 'cdk-multisite:terraform-backend';

/** The app's `Monitoring` (`MultiSiteAppProps.monitoring`), on the app. */
export const MONITORING_METADATA = 'cdk-multisite:monitoring';
