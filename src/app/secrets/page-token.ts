import { ServiceError } from "../../core/errors.js";
import { makePager } from "../paging.js";

/** Secrets Manager's paging (ListSecrets, ListSecretVersionIds, BatchGetSecretValue). */
export const pageOf = makePager(() => new ServiceError("InvalidNextTokenException", "The NextToken value is invalid."));
