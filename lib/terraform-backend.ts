/** The placeholder a backend setting may hold for the stack's name. */
const STACK = '{stack}';

/** Settings of an S3 backend. */
export interface S3BackendOptions {
  /** Bucket that holds the state. */
  readonly bucket: string;
  /**
   * Object key of the state. `{stack}` stands for the stack's name (e.g. `app-global`); needed
   * when the design has more than one stack, so each keeps its own state.
   */
  readonly key: string;
  /** Region of the bucket. */
  readonly region: string;
  /**
   * Lock the state with a lock file in the bucket (S3 conditional writes; Terraform 1.10 or later).
   * @default true
   */
  readonly useLockfile?: boolean;
  /**
   * DynamoDB table for state locking, the older way (deprecated by Terraform in favour of `useLockfile`).
   * @default - no DynamoDB table
   */
  readonly dynamodbTable?: string;
  /**
   * Encrypt the state object at rest.
   * @default true
   */
  readonly encrypt?: boolean;
}

/**
 * Where the Terraform stacks synth writes keep their state. The library writes the backend block
 * as given, with `{stack}` replaced by each stack's name. Without one, each stack keeps its state
 * in a local file outside the output folder: `.terraform-state/<stack>.tfstate` beside it.
 * @see https://developer.hashicorp.com/terraform/language/backend
 */
export class TerraformBackend {
  /**
   * State in an S3 bucket, locked with a lock file beside it (and/or a DynamoDB table).
   * @see https://developer.hashicorp.com/terraform/language/backend/s3
   */
  public static s3(options: S3BackendOptions): TerraformBackend {
    for (const field of ['bucket', 'key', 'region'] as const) {
      if (typeof options[field] !== 'string' || options[field].trim() === '') {
        throw new Error(`TerraformBackend.s3: ${field} ${JSON.stringify(options[field])} is empty; give the S3 ${field} of the state.`);
      }
    }
    if (options.key.startsWith('/')) {
      throw new Error(`TerraformBackend.s3: key ${JSON.stringify(options.key)} starts with "/"; S3 keys are written without it, e.g. "cdk-multisite/${STACK}.tfstate".`);
    }
    if (options.useLockfile === false && options.dynamodbTable === undefined) {
      throw new Error('TerraformBackend.s3: useLockfile is false and no dynamodbTable is given, so two applies could write the state at once; keep useLockfile or name a DynamoDB table.');
    }
    return new TerraformBackend('s3', {
      bucket: options.bucket,
      key: options.key,
      region: options.region,
      encrypt: options.encrypt ?? true,
      ...(options.useLockfile ?? true ? { use_lockfile: true } : {}),
      ...(options.dynamodbTable !== undefined ? { dynamodb_table: options.dynamodbTable } : {}),
    });
  }

  /**
   * State in a local file. A relative `path` is relative to the stack's folder
   * (`<outdir>/terraform/<stack>/`), where Terraform runs; keep it out of the output folder
   * (at least three `../`), or synth will find the state there and refuse to write.
   * @param path file of the state; `{stack}` stands for the stack's name
   * @see https://developer.hashicorp.com/terraform/language/backend/local
   */
  public static local(path: string): TerraformBackend {
    if (typeof path !== 'string' || path.trim() === '') throw new Error(`TerraformBackend.local: path ${JSON.stringify(path)} is empty; give the state file, e.g. "../../../.terraform-state/${STACK}.tfstate".`);
    return new TerraformBackend('local', { path });
  }

  /**
   * Any other Terraform backend, written as given: `terraform { backend "<type>" { ...config } }`.
   * Settings use Terraform's names (`snake_case`); any string may hold `{stack}`.
   * @param type the backend's type, e.g. `gcs`, `azurerm`, `http`
   * @param config the backend's settings
   * @see https://developer.hashicorp.com/terraform/language/backend
   */
  public static custom(type: string, config: { [key: string]: any }): TerraformBackend {
    if (!/^[a-z][a-z0-9_]*$/.test(type ?? '')) {
      throw new Error(`TerraformBackend.custom: type ${JSON.stringify(type)} is not a Terraform backend type (lower-case letters, digits and "_", e.g. "gcs").`);
    }
    let copy: { [key: string]: any };
    try {
      copy = JSON.parse(JSON.stringify(config ?? {}));
    } catch (e) {
      throw new Error(`TerraformBackend.custom("${type}"): the settings are not plain data (${(e as Error).message}); give strings, numbers, booleans, lists and maps.`);
    }
    return new TerraformBackend(type, copy);
  }

  /** The backend's type as Terraform names it (`s3`, `local`, ...). */
  public readonly backendType: string;
  /** The backend's settings, with Terraform's names, before `{stack}` is replaced. */
  public readonly config: { [key: string]: any };

  private constructor(backendType: string, config: { [key: string]: any }) {
    this.backendType = backendType;
    this.config = config;
  }
}
