import type { KmsInputs, KmsOperationName, KmsOutputs } from "../../core/kms/operations.js";
import type { RequestContext } from "../context.js";

export type KmsHandler<K extends KmsOperationName> = (input: KmsInputs[K], ctx: RequestContext) => Promise<KmsOutputs[K]>;
