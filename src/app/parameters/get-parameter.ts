import { parameterNotFound } from "../../core/parameters/names.js";
import type { ParametersDeps, ParametersHandler } from "./handler.js";
import { findReferenced } from "./parameter-access.js";
import { referencedView } from "./select-version.js";

/** GetParameter: by name or ARN, optionally `:<version>` or `:<label>`; SecureString decrypted only WithDecryption. */
export function makeGetParameter(deps: Pick<ParametersDeps, "authorize" | "parameters" | "kms">): ParametersHandler<"GetParameter"> {
  return async (input, ctx) => {
    const { ref, parameter } = await findReferenced(deps, ctx, "ssm:GetParameter", input.Name, true);
    if (parameter === undefined) throw parameterNotFound();
    return { Parameter: await referencedView(deps, ctx, parameter, ref, input.WithDecryption) };
  };
}
