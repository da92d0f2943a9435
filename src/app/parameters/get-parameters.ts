import { isServiceError } from "../../core/errors.js";
import type { ParameterView } from "../../core/parameters/operations.js";
import type { ParametersDeps, ParametersHandler } from "./handler.js";
import { findReferenced } from "./parameter-access.js";
import { disposeValues } from "./parameter-values.js";
import { referencedView } from "./select-version.js";

/**
 * GetParameters: up to 10 references; those found in alphabetical order of name, the others (an
 * unknown name, version or label) in InvalidParameters as they were sent. A refusal of any one
 * refuses the request.
 */
export function makeGetParameters(deps: Pick<ParametersDeps, "authorize" | "parameters" | "kms">): ParametersHandler<"GetParameters"> {
  return async (input, ctx) => {
    const found: ParameterView[] = [];
    const invalid: string[] = [];
    try {
      for (const raw of [...new Set(input.Names)]) {
        const { ref, parameter } = await findReferenced(deps, ctx, "ssm:GetParameters", raw, true);
        if (parameter === undefined) {
          invalid.push(raw);
          continue;
        }
        try {
          found.push(await referencedView(deps, ctx, parameter, ref, input.WithDecryption));
        } catch (error) {
          if (!isServiceError(error) || (error.type !== "ParameterVersionNotFound" && error.type !== "ParameterNotFound")) throw error;
          invalid.push(raw);
        }
      }
    } catch (error) {
      disposeValues(found);
      throw error;
    }
    found.sort((a, b) => (a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : 0));
    return { Parameters: found, InvalidParameters: invalid };
  };
}
