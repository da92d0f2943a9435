/**
 * Rotation functions: what Secrets Manager runs to rotate a secret. AWS runs a Lambda function;
 * Strongbox runs either a webhook (an HTTP endpoint the operator names, called with the payload a
 * Lambda would get) or a built-in rotator (PostgreSQL). docs/secrets.md describes both.
 */

/** The four steps, in order, with the names AWS's rotation functions receive. */
export type RotationStep = "createSecret" | "setSecret" | "testSecret" | "finishSecret";
export const ROTATION_STEPS: readonly RotationStep[] = ["createSecret", "setSecret", "testSecret", "finishSecret"];

/** One step of one rotation: Lambda's event, {Step, SecretId, ClientRequestToken}. */
export interface RotationInvocation {
  readonly step: RotationStep;
  /** The secret's full ARN. */
  readonly secretId: string;
  /** The id of the version being rotated in (the AWSPENDING version). */
  readonly clientRequestToken: string;
}

/**
 * What a built-in rotator sees of Secrets Manager: the calls an AWS rotation function makes,
 * made on its behalf with the identity rotation runs as. Any secret id the API accepts (name or
 * ARN) may be passed, so the alternating-users strategy can read its superuser secret.
 */
export interface RotationSecrets {
  /**
   * GetSecretValue's SecretString for the version with this stage or id; undefined when the
   * secret has no such version. Other failures (access denied, no such secret) throw.
   */
  getSecretString(secretId: string, selector: { readonly versionStage: string } | { readonly versionId: string }): Promise<string | undefined>;
  /** DescribeSecret's VersionIdsToStages. */
  versionStages(secretId: string): Promise<Readonly<Record<string, readonly string[]>>>;
  /** PutSecretValue with ClientRequestToken = token and VersionStages = ["AWSPENDING"]. */
  putPendingSecret(secretId: string, token: string, secretString: string): Promise<void>;
  /** UpdateSecretVersionStage: AWSCURRENT moves to the token's version from the version that holds it. */
  finish(secretId: string, token: string): Promise<void>;
  /** GetRandomPassword. */
  randomPassword(options: { readonly passwordLength?: number; readonly excludeCharacters?: string }): Promise<string>;
}

/** A step that failed: the message is recorded in the trail and shown by DescribeSecret; it must not hold secret values. */
export class RotationStepFailed extends Error {
  constructor(
    readonly step: RotationStep,
    message: string,
  ) {
    super(message);
    this.name = "RotationStepFailed";
  }
}

/** A rotation function. `run` resolves when the step succeeded and throws RotationStepFailed when it did not. */
export interface RotationFunction {
  run(invocation: RotationInvocation, secrets: RotationSecrets): Promise<void>;
}

/**
 * The rotation function a RotationLambdaARN names (`arn:aws:lambda:<region>:<account>:function:<name>`),
 * or undefined when Strongbox has none of that name: the built-in rotators, and the webhooks the
 * operator configured.
 */
export type RotationFunctionLookup = (lambdaArn: string) => RotationFunction | undefined;
