import type { ParametersInputs, ParametersOutputs } from "../../core/parameters/operations.js";
import type { OperationTable } from "../operation-table.js";
import { makeAddTagsToResource } from "./add-tags-to-resource.js";
import { makeDeleteParameter } from "./delete-parameter.js";
import { makeDeleteParameters } from "./delete-parameters.js";
import { makeDescribeParameters } from "./describe-parameters.js";
import { makeGetParameter } from "./get-parameter.js";
import { makeGetParameterHistory } from "./get-parameter-history.js";
import { makeGetParameters } from "./get-parameters.js";
import { makeGetParametersByPath } from "./get-parameters-by-path.js";
import type { ParametersDeps } from "./handler.js";
import { makeLabelParameterVersion } from "./label-parameter-version.js";
import { makeListTagsForResource } from "./list-tags-for-resource.js";
import { makePutParameter } from "./put-parameter.js";
import { makeRemoveTagsFromResource } from "./remove-tags-from-resource.js";
import { makeUnlabelParameterVersion } from "./unlabel-parameter-version.js";

export type ParametersOperations = OperationTable<ParametersInputs, ParametersOutputs>;

/** The Parameter Store operation table: one row per operation, with the IAM action it is authorized as. */
export function makeParametersOperations(deps: ParametersDeps): ParametersOperations {
  return {
    PutParameter: { action: "ssm:PutParameter", readOnly: false, handler: makePutParameter(deps) },
    GetParameter: { action: "ssm:GetParameter", readOnly: true, handler: makeGetParameter(deps) },
    GetParameters: { action: "ssm:GetParameters", readOnly: true, handler: makeGetParameters(deps) },
    GetParametersByPath: { action: "ssm:GetParametersByPath", readOnly: true, handler: makeGetParametersByPath(deps) },
    DeleteParameter: { action: "ssm:DeleteParameter", readOnly: false, handler: makeDeleteParameter(deps) },
    DeleteParameters: { action: "ssm:DeleteParameters", readOnly: false, handler: makeDeleteParameters(deps) },
    DescribeParameters: { action: "ssm:DescribeParameters", readOnly: true, handler: makeDescribeParameters(deps) },
    GetParameterHistory: { action: "ssm:GetParameterHistory", readOnly: true, handler: makeGetParameterHistory(deps) },
    LabelParameterVersion: { action: "ssm:LabelParameterVersion", readOnly: false, handler: makeLabelParameterVersion(deps) },
    UnlabelParameterVersion: { action: "ssm:UnlabelParameterVersion", readOnly: false, handler: makeUnlabelParameterVersion(deps) },
    AddTagsToResource: { action: "ssm:AddTagsToResource", readOnly: false, handler: makeAddTagsToResource(deps) },
    RemoveTagsFromResource: { action: "ssm:RemoveTagsFromResource", readOnly: false, handler: makeRemoveTagsFromResource(deps) },
    ListTagsForResource: { action: "ssm:ListTagsForResource", readOnly: true, handler: makeListTagsForResource(deps) },
  };
}
