import { parseExistingName } from "../../core/parameters/names.js";
import type { ParametersDeps, ParametersHandler } from "./handler.js";
import { findParameter } from "./parameter-access.js";

/**
 * DeleteParameters: up to 10 names; those deleted in DeletedParameters, those that name no
 * parameter in InvalidParameters (no error for them) [D]. Every name is authorized before any is
 * deleted, so a refusal deletes nothing.
 */
export function makeDeleteParameters(deps: Pick<ParametersDeps, "authorize" | "parameters">): ParametersHandler<"DeleteParameters"> {
  return async (input, ctx) => {
    const names = [...new Set(input.Names.map(parseExistingName))];
    const found = [];
    for (const name of names) found.push({ name, parameter: await findParameter(deps, ctx, "ssm:DeleteParameters", name) });
    const deleted: string[] = [];
    const invalid: string[] = [];
    for (const { name, parameter } of found) {
      if (parameter !== undefined && (await deps.parameters.delete(parameter.arn))) deleted.push(name);
      else invalid.push(name);
    }
    return { DeletedParameters: deleted, InvalidParameters: invalid };
  };
}
