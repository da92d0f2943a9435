import type { Barrier } from "../../core/barrier.js";
import type { AccountRepository, CredentialRepository } from "../../ports/credential-repository.js";
import type { IamRepository } from "../../ports/iam-repository.js";
import type { PrincipalDirectory } from "../../ports/identity-policies.js";
import type { AuthorizeAccess } from "../authorize.js";
import type { RequestContext } from "../context.js";
import type { IamActionName, IamInputs, IamOutputs } from "./model.js";

export interface IamDeps {
  readonly iam: IamRepository;
  readonly accounts: Pick<AccountRepository, "createdAt">;
  readonly credentials: CredentialRepository;
  readonly barrier: () => Barrier;
  readonly randomBytes: (length: number) => Buffer;
  /** The policy gate for IAM actions (identity policies; trust policies for sts:AssumeRole). */
  readonly authorize: AuthorizeAccess;
  /** Principals by ARN: a trust policy may name only principals that exist. */
  readonly principals: PrincipalDirectory;
  /** Drops an access key's cached secret and caller at once (AccessKeyDirectory.forget). */
  readonly forgetAccessKey: (accessKeyId: string) => void;
}

export type IamHandler<K extends IamActionName> = (input: IamInputs[K], ctx: RequestContext) => Promise<IamOutputs[K]>;
