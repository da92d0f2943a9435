import type { ParametersDeps, ParametersHandler } from "./handler.js";
import { changeParameter } from "./parameter-access.js";
import { invalidResourceId, parameterResourceName } from "./parameter-tags.js";

/** RemoveTagsFromResource: removes the keys named; absent keys are ignored. */
export function makeRemoveTagsFromResource(deps: Pick<ParametersDeps, "authorize" | "parameters">): ParametersHandler<"RemoveTagsFromResource"> {
  return async (input, ctx) => {
    const name = parameterResourceName(input.ResourceType, input.ResourceId);
    const removed = new Set(input.TagKeys);
    return changeParameter(
      deps,
      ctx,
      "ssm:RemoveTagsFromResource",
      name,
      async (parameter) => ({ next: { ...parameter, tags: parameter.tags.filter((tag) => !removed.has(tag.Key)) }, result: {} }),
      invalidResourceId,
      { "aws:TagKeys": input.TagKeys },
    );
  };
}
