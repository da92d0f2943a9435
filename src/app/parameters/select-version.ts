import { parameterNotFound, parameterVersionNotFound, selectorText, type ParameterReference } from "../../core/parameters/names.js";
import type { ParameterView } from "../../core/parameters/operations.js";
import type { Parameter, ParameterVersion } from "../../core/parameters/parameter.js";
import type { RequestContext } from "../context.js";
import type { ParametersDeps } from "./handler.js";
import { valueOut } from "./parameter-values.js";
import { parameterView } from "./parameter-views.js";

/**
 * The version a reference selects: the latest, `name:<version>`, or `name:<label>`. An unknown
 * version is ParameterVersionNotFound; an unknown label names no parameter, ParameterNotFound
 * (moto's answer; AWS's is unverified).
 */
export async function selectVersion(deps: Pick<ParametersDeps, "parameters">, parameter: Parameter, ref: ParameterReference): Promise<ParameterVersion> {
  const selector = ref.selector;
  let number = parameter.version;
  if (selector.kind === "version") number = selector.version;
  if (selector.kind === "label") {
    const labelled = (await deps.parameters.labels(parameter.arn)).find((entry) => entry.labels.includes(selector.label));
    if (labelled === undefined) throw parameterNotFound();
    number = labelled.version;
  }
  const version = await deps.parameters.version(parameter.arn, number);
  if (version === undefined) throw parameterVersionNotFound(parameter.name, selector.kind === "version" ? selector.text : number);
  return version;
}

/** The Parameter a reference selects, its value decrypted when asked (the answer owns it). */
export async function referencedView(
  deps: Pick<ParametersDeps, "parameters" | "kms">,
  ctx: RequestContext,
  parameter: Parameter,
  ref: ParameterReference,
  withDecryption: boolean | undefined,
): Promise<ParameterView> {
  const version = await selectVersion(deps, parameter, ref);
  return parameterView(parameter, version, await valueOut(deps, ctx, parameter.arn, version, withDecryption), selectorText(ref.selector));
}
