import type { ParametersDeps, ParametersHandler } from "./handler.js";
import { findParameter } from "./parameter-access.js";
import { invalidResourceId, parameterResourceName } from "./parameter-tags.js";

/** ListTagsForResource: the parameter's tags, in the order they were first added. */
export function makeListTagsForResource(deps: Pick<ParametersDeps, "authorize" | "parameters">): ParametersHandler<"ListTagsForResource"> {
  return async (input, ctx) => {
    const name = parameterResourceName(input.ResourceType, input.ResourceId);
    const parameter = await findParameter(deps, ctx, "ssm:ListTagsForResource", name);
    if (parameter === undefined) throw invalidResourceId();
    return { TagList: parameter.tags };
  };
}
