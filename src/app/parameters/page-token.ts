import { ServiceError } from "../../core/errors.js";
import { makePager } from "../paging.js";

/** Parameter Store's paging (GetParametersByPath, DescribeParameters, GetParameterHistory). */
export const pageOf = makePager(() => new ServiceError("InvalidNextToken", "The specified token isn't valid."));
