import type { ParametersDeps, ParametersHandler } from "./handler.js";
import { requestTagFacts } from "../../core/policy/tag-facts.js";
import { changeParameter } from "./parameter-access.js";
import { invalidResourceId, mergeTags, parameterResourceName } from "./parameter-tags.js";

/** AddTagsToResource (ResourceType Parameter, ResourceId the name): adds or overwrites tags; no new version. */
export function makeAddTagsToResource(deps: Pick<ParametersDeps, "authorize" | "parameters">): ParametersHandler<"AddTagsToResource"> {
  return async (input, ctx) => {
    const name = parameterResourceName(input.ResourceType, input.ResourceId);
    return changeParameter(
      deps,
      ctx,
      "ssm:AddTagsToResource",
      name,
      async (parameter) => ({ next: { ...parameter, tags: mergeTags(parameter.tags, input.Tags) }, result: {} }),
      invalidResourceId,
      requestTagFacts(input.Tags),
    );
  };
}
