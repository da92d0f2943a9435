/**
 * Parameter Store through @aws-sdk/client-ssm and the AWS CLI against a real server: every
 * operation, versions, labels and selectors, tiers and limits, paths, tags, errors.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import {
  AddTagsToResourceCommand,
  DeleteParameterCommand,
  DeleteParametersCommand,
  DescribeParametersCommand,
  GetParameterCommand,
  GetParameterHistoryCommand,
  GetParametersByPathCommand,
  GetParametersCommand,
  LabelParameterVersionCommand,
  ListTagsForResourceCommand,
  PutParameterCommand,
  RemoveTagsFromResourceCommand,
  SSMClient,
  UnlabelParameterVersionCommand,
  paginateGetParametersByPath,
} from "@aws-sdk/client-ssm";
import { awsCli } from "./helpers/aws-cli.js";
import { rejectsWith } from "./helpers/errors.js";
import { signedCall } from "./helpers/signed-fetch.js";
import { ACCOUNT, ADMIN, REGION, startTestServer, type TestServer } from "./helpers/server.js";

describe("Parameter Store: parameters, versions, labels, paths and tags", () => {
  let server: TestServer;
  let ssm: SSMClient;
  let scratch: string;
  const arnOf = (name: string) => `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter${name.startsWith("/") ? name : `/${name}`}`;

  before(async () => {
    server = await startTestServer();
    ssm = new SSMClient({ endpoint: server.url, region: REGION, credentials: ADMIN, maxAttempts: 1 });
    scratch = mkdtempSync(join(tmpdir(), "sbx-ssm-"));
  });
  after(async () => {
    ssm.destroy();
    await server.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  test("PutParameter creates version 1 (Standard); GetParameter answers it by name and by ARN; overwrite makes version 2", async () => {
    const put = await ssm.send(new PutParameterCommand({ Name: "/app/db/host", Value: "db.internal", Type: "String", Description: "the database" }));
    assert.deepEqual({ Version: put.Version, Tier: put.Tier }, { Version: 1, Tier: "Standard" });
    for (const name of ["/app/db/host", arnOf("/app/db/host")]) {
      const { Parameter } = await ssm.send(new GetParameterCommand({ Name: name }));
      assert.equal(Parameter!.Name, "/app/db/host");
      assert.equal(Parameter!.Value, "db.internal");
      assert.equal(Parameter!.Type, "String");
      assert.equal(Parameter!.Version, 1);
      assert.equal(Parameter!.ARN, arnOf("/app/db/host"));
      assert.equal(Parameter!.DataType, "text");
      assert.ok(Parameter!.LastModifiedDate instanceof Date);
      assert.equal(Parameter!.Selector, undefined);
    }
    await rejectsWith(
      ssm.send(new PutParameterCommand({ Name: "/app/db/host", Value: "other", Type: "String" })),
      "ParameterAlreadyExists",
      "The parameter already exists. To overwrite this value, set the overwrite option in the request to true.",
    );
    const second = await ssm.send(new PutParameterCommand({ Name: "/app/db/host", Value: "db2.internal", Overwrite: true }));
    assert.equal(second.Version, 2);
    assert.equal((await ssm.send(new GetParameterCommand({ Name: "/app/db/host" }))).Parameter!.Value, "db2.internal");
    // A single-level name with and without its leading slash is one parameter.
    await ssm.send(new PutParameterCommand({ Name: " plain ", Value: "p", Type: "StringList" }));
    const slashed = await ssm.send(new GetParameterCommand({ Name: "/plain" }));
    assert.equal(slashed.Parameter!.Name, "plain");
    assert.equal(slashed.Parameter!.ARN, arnOf("/plain"));
  });

  test("ParameterNotFound has an empty message and status 400; bad names are ValidationException with AWS's texts", async () => {
    const missing = await rejectsWith(ssm.send(new GetParameterCommand({ Name: "/nope" })), "ParameterNotFound");
    assert.equal(missing.$metadata?.httpStatusCode, 400);
    await rejectsWith(ssm.send(new PutParameterCommand({ Name: "a b", Value: "x", Type: "String" })), "ValidationException", /can't be prefixed with "ssm"/);
    await rejectsWith(ssm.send(new PutParameterCommand({ Name: "db/endpoint", Value: "x", Type: "String" })), "ValidationException", "Parameter name must be a fully qualified name.");
    await rejectsWith(ssm.send(new PutParameterCommand({ Name: "/aws/mine", Value: "x", Type: "String" })), "ValidationException");
    await rejectsWith(ssm.send(new PutParameterCommand({ Name: "/new/one", Value: "x" })), "ValidationException", "A parameter type is required when you create a parameter.");
    const deep = `/${Array.from({ length: 16 }, (_, i) => `l${i}`).join("/")}`;
    await rejectsWith(ssm.send(new PutParameterCommand({ Name: deep, Value: "x", Type: "String" })), "HierarchyLevelLimitExceededException");
    const fifteen = `/${Array.from({ length: 15 }, (_, i) => `l${i}`).join("/")}`;
    assert.equal((await ssm.send(new PutParameterCommand({ Name: fifteen, Value: "x", Type: "String" }))).Version, 1);
    await rejectsWith(ssm.send(new PutParameterCommand({ Name: "/app/db/host", Value: "x", Type: "SecureString", Overwrite: true })), "HierarchyTypeMismatchException");
    await rejectsWith(ssm.send(new PutParameterCommand({ Name: "/t/with-tags", Value: "x", Type: "String", Overwrite: true, Tags: [{ Key: "a", Value: "b" }] })), "ValidationException", /tags and overwrite can't be used together/);
    await rejectsWith(ssm.send(new PutParameterCommand({ Name: "/nested", Value: "{{ssm:/other}}", Type: "String" })), "ValidationException", /nest/);
  });

  test("tiers: 4096 bytes fit Standard, 4097 do not; Advanced takes 8192; Intelligent-Tiering picks; no downgrade", async () => {
    assert.equal((await ssm.send(new PutParameterCommand({ Name: "/size/std", Value: "a".repeat(4096), Type: "String" }))).Tier, "Standard");
    await rejectsWith(ssm.send(new PutParameterCommand({ Name: "/size/big", Value: "a".repeat(4097), Type: "String" })), "ValidationException", /^Standard tier parameters support a maximum parameter value of 4096 characters/);
    assert.equal((await ssm.send(new PutParameterCommand({ Name: "/size/adv", Value: "a".repeat(8192), Type: "String", Tier: "Advanced" }))).Tier, "Advanced");
    await rejectsWith(ssm.send(new PutParameterCommand({ Name: "/size/adv2", Value: "a".repeat(8193), Type: "String", Tier: "Advanced" })), "ValidationException", /8192/);
    assert.equal((await ssm.send(new PutParameterCommand({ Name: "/size/auto", Value: "a".repeat(5000), Type: "String", Tier: "Intelligent-Tiering" }))).Tier, "Advanced");
    assert.equal((await ssm.send(new PutParameterCommand({ Name: "/size/auto-small", Value: "a", Type: "String", Tier: "Intelligent-Tiering" }))).Tier, "Standard");
    await rejectsWith(ssm.send(new PutParameterCommand({ Name: "/size/adv", Value: "b", Overwrite: true, Tier: "Standard" })), "ValidationException", /can't downgrade/);
    // Without a Tier an Advanced parameter stays Advanced.
    assert.equal((await ssm.send(new PutParameterCommand({ Name: "/size/adv", Value: "b", Overwrite: true }))).Tier, "Advanced");
    await rejectsWith(
      ssm.send(new PutParameterCommand({ Name: "/size/policy-std", Value: "b", Type: "String", Tier: "Standard", Policies: '[{"Type":"NoChangeNotification","Version":"1.0","Attributes":{"After":"1","Unit":"Days"}}]' })),
      "ValidationException",
      /advanced-parameter tier/,
    );
  });

  test("AllowedPattern is kept and enforced on later versions; DataType aws:ec2:image checks the format", async () => {
    await ssm.send(new PutParameterCommand({ Name: "/pattern/n", Value: "123", Type: "String", AllowedPattern: "\\d{1,4}" }));
    await rejectsWith(ssm.send(new PutParameterCommand({ Name: "/pattern/n", Value: "10,000", Overwrite: true })), "ParameterPatternMismatchException", "Parameter value, cannot be validated against allowedPattern: \\d{1,4}");
    await ssm.send(new PutParameterCommand({ Name: "/ami/linux", Value: "ami-0123456789abcdef0", Type: "String", DataType: "aws:ec2:image" }));
    assert.equal((await ssm.send(new GetParameterCommand({ Name: "/ami/linux" }))).Parameter!.DataType, "aws:ec2:image");
    await rejectsWith(ssm.send(new PutParameterCommand({ Name: "/ami/bad", Value: "not-an-ami", Type: "String", DataType: "aws:ec2:image" })), "ValidationException");
    // A pattern that backtracks exponentially is cut off, and the server keeps answering.
    const started = Date.now();
    await rejectsWith(ssm.send(new PutParameterCommand({ Name: "/pattern/evil", Value: "a".repeat(40), Type: "String", AllowedPattern: "(a+)+b" })), "ValidationException", /took too long/);
    assert.ok(Date.now() - started < 5000, "answered within the deadline, not after the backtracking");
    await rejectsWith(ssm.send(new PutParameterCommand({ Name: "/pattern/escape", Value: "zzz", Type: "String", AllowedPattern: "a)|(?:.*" })), "InvalidAllowedPatternException");
  });

  test("versions and labels: name:version and name:label selectors, moves, limits, unlabel, history", async () => {
    const name = "/versions/p";
    for (let i = 1; i <= 3; i++) await ssm.send(new PutParameterCommand({ Name: name, Value: `v${i}`, Type: "String", Overwrite: i > 1 }));
    const byVersion = await ssm.send(new GetParameterCommand({ Name: `${name}:1` }));
    assert.deepEqual([byVersion.Parameter!.Value, byVersion.Parameter!.Version, byVersion.Parameter!.Selector, byVersion.Parameter!.Name], ["v1", 1, ":1", name]);
    await rejectsWith(ssm.send(new GetParameterCommand({ Name: `${name}:9` })), "ParameterVersionNotFound", `Systems Manager could not find version 9 of ${name}. Verify the version and try again.`);

    const labelled = await ssm.send(new LabelParameterVersionCommand({ Name: name, ParameterVersion: 2, Labels: ["prod", "1bad", "awsx", "blue"] }));
    assert.deepEqual(labelled.InvalidLabels, ["1bad", "awsx"]);
    assert.equal(labelled.ParameterVersion, 2);
    const byLabel = await ssm.send(new GetParameterCommand({ Name: `${name}:prod` }));
    assert.deepEqual([byLabel.Parameter!.Value, byLabel.Parameter!.Version, byLabel.Parameter!.Selector], ["v2", 2, ":prod"]);
    // Labelling another version moves the label; no ParameterVersion means the latest.
    assert.equal((await ssm.send(new LabelParameterVersionCommand({ Name: name, Labels: ["prod"] }))).ParameterVersion, 3);
    assert.equal((await ssm.send(new GetParameterCommand({ Name: `${name}:prod` }))).Parameter!.Version, 3);
    await rejectsWith(ssm.send(new GetParameterCommand({ Name: `${name}:nolabel` })), "ParameterNotFound");
    await rejectsWith(ssm.send(new LabelParameterVersionCommand({ Name: name, ParameterVersion: 7, Labels: ["x"] })), "ParameterVersionNotFound");
    await rejectsWith(ssm.send(new LabelParameterVersionCommand({ Name: "/versions/none", Labels: ["x"] })), "ParameterNotFound");
    const ten = Array.from({ length: 9 }, (_, i) => `l${i}`);
    await ssm.send(new LabelParameterVersionCommand({ Name: name, ParameterVersion: 1, Labels: ten }));
    await ssm.send(new LabelParameterVersionCommand({ Name: name, ParameterVersion: 1, Labels: ["tenth"] }));
    await rejectsWith(ssm.send(new LabelParameterVersionCommand({ Name: name, ParameterVersion: 1, Labels: ["eleventh"] })), "ParameterVersionLabelLimitExceeded");

    const unlabelled = await ssm.send(new UnlabelParameterVersionCommand({ Name: name, ParameterVersion: 2, Labels: ["blue", "prod"] }));
    assert.deepEqual(unlabelled.RemovedLabels, ["blue"]);
    assert.deepEqual(unlabelled.InvalidLabels, ["prod"]);

    const history = await ssm.send(new GetParameterHistoryCommand({ Name: name }));
    assert.deepEqual(history.Parameters!.map((p) => [p.Version, p.Value, p.Labels]), [
      [1, "v1", [...ten, "tenth"]],
      [2, "v2", []],
      [3, "v3", ["prod"]],
    ]);
    assert.equal(history.Parameters![0]!.LastModifiedUser, `arn:aws:iam::${ACCOUNT}:root`);
    assert.equal(history.Parameters![0]!.Tier, "Standard");
    const paged = await ssm.send(new GetParameterHistoryCommand({ Name: arnOf(name), MaxResults: 2 }));
    assert.equal(paged.Parameters!.length, 2);
    const rest = await ssm.send(new GetParameterHistoryCommand({ Name: name, MaxResults: 2, NextToken: paged.NextToken! }));
    assert.deepEqual(rest.Parameters!.map((p) => p.Version), [3]);
    assert.equal(rest.NextToken, undefined);
    await rejectsWith(ssm.send(new GetParameterHistoryCommand({ Name: name, NextToken: "bogus" })), "InvalidNextToken");
  });

  test("100 versions are kept: the 101st write drops the oldest, unless it has a label", async () => {
    const name = "/versions/many";
    for (let i = 1; i <= 100; i++) await ssm.send(new PutParameterCommand({ Name: name, Value: `v${i}`, Type: "String", Overwrite: i > 1 }));
    await ssm.send(new LabelParameterVersionCommand({ Name: name, ParameterVersion: 1, Labels: ["keep"] }));
    await rejectsWith(ssm.send(new PutParameterCommand({ Name: name, Value: "v101", Overwrite: true })), "ParameterMaxVersionLimitExceeded", /Version 1, the oldest version, can't be deleted/);
    await ssm.send(new UnlabelParameterVersionCommand({ Name: name, ParameterVersion: 1, Labels: ["keep"] }));
    assert.equal((await ssm.send(new PutParameterCommand({ Name: name, Value: "v101", Overwrite: true }))).Version, 101);
    await rejectsWith(ssm.send(new GetParameterCommand({ Name: `${name}:1` })), "ParameterVersionNotFound");
    assert.equal((await ssm.send(new GetParameterCommand({ Name: `${name}:2` }))).Parameter!.Value, "v2");
    let count = 0;
    let token: string | undefined;
    do {
      const page = await ssm.send(new GetParameterHistoryCommand({ Name: name, ...(token ? { NextToken: token } : {}) }));
      count += page.Parameters!.length;
      token = page.NextToken;
    } while (token !== undefined);
    assert.equal(count, 100);
  });

  test("GetParameters answers the found ones in name order and the rest as InvalidParameters; at most 10 names", async () => {
    await ssm.send(new PutParameterCommand({ Name: "/multi/b", Value: "B", Type: "String" }));
    await ssm.send(new PutParameterCommand({ Name: "/multi/a", Value: "A", Type: "String" }));
    const answer = await ssm.send(new GetParametersCommand({ Names: ["/multi/b", "/multi/missing", "/multi/a", "/multi/a:5", "/multi/a:nolabel"] }));
    assert.deepEqual(answer.Parameters!.map((p) => [p.Name, p.Value]), [["/multi/a", "A"], ["/multi/b", "B"]]);
    assert.deepEqual(answer.InvalidParameters, ["/multi/missing", "/multi/a:5", "/multi/a:nolabel"]);
    await rejectsWith(ssm.send(new GetParametersCommand({ Names: Array.from({ length: 11 }, (_, i) => `/multi/${i}`) })), "ValidationException", /at 'names' failed to satisfy constraint/);
  });

  test("GetParametersByPath: one level or recursive, filters, pages of MaxResults with NextToken", async () => {
    for (const name of ["/tree/a", "/tree/b", "/tree/sub/c", "/tree/sub/deeper/d", "/treehouse/x"]) await ssm.send(new PutParameterCommand({ Name: name, Value: name, Type: "String" }));
    await ssm.send(new PutParameterCommand({ Name: "/tree/list", Value: "1,2", Type: "StringList" }));
    const oneLevel = await ssm.send(new GetParametersByPathCommand({ Path: "/tree" }));
    assert.deepEqual(oneLevel.Parameters!.map((p) => p.Name), ["/tree/a", "/tree/b", "/tree/list"]);
    const names: string[] = [];
    for await (const page of paginateGetParametersByPath({ client: ssm, pageSize: 2 }, { Path: "/tree/", Recursive: true })) {
      assert.ok(page.Parameters!.length <= 2);
      names.push(...page.Parameters!.map((p) => p.Name!));
    }
    assert.deepEqual(names, ["/tree/a", "/tree/b", "/tree/list", "/tree/sub/c", "/tree/sub/deeper/d"]);
    const lists = await ssm.send(new GetParametersByPathCommand({ Path: "/tree", Recursive: true, ParameterFilters: [{ Key: "Type", Values: ["StringList"] }] }));
    assert.deepEqual(lists.Parameters!.map((p) => p.Value), ["1,2"]);
    await ssm.send(new LabelParameterVersionCommand({ Name: "/tree/sub/c", Labels: ["golden"] }));
    const golden = await ssm.send(new GetParametersByPathCommand({ Path: "/tree", Recursive: true, ParameterFilters: [{ Key: "Label", Option: "Equals", Values: ["golden"] }] }));
    assert.deepEqual(golden.Parameters!.map((p) => p.Name), ["/tree/sub/c"]);
    assert.deepEqual((await ssm.send(new GetParametersByPathCommand({ Path: "/tree/a" }))).Parameters, []);
    // The root: single-level names, with or without their slash, are one level below it.
    const root: string[] = [];
    for await (const page of paginateGetParametersByPath({ client: ssm }, { Path: "/" })) root.push(...page.Parameters!.map((p) => p.Name!));
    assert.ok(root.includes("plain") && root.includes("/nested") === false && !root.some((name) => name.startsWith("/tree")), root.join(","));
    await rejectsWith(ssm.send(new GetParametersByPathCommand({ Path: "tree" })), "ValidationException", /must begin with a forward slash/);
    await rejectsWith(ssm.send(new GetParametersByPathCommand({ Path: "/tree", ParameterFilters: [{ Key: "Name", Values: ["x"] }] })), "InvalidFilterKey");
    await rejectsWith(ssm.send(new GetParametersByPathCommand({ Path: "/tree", MaxResults: 11 })), "ValidationException");
  });

  test("DescribeParameters: metadata only, filters, paging", async () => {
    await ssm.send(new PutParameterCommand({ Name: "/desc/one", Value: "secret-ish", Type: "String", Description: "first", Tags: [{ Key: "team", Value: "blue" }] }));
    await ssm.send(new PutParameterCommand({ Name: "/desc/two", Value: "x", Type: "StringList", Tier: "Advanced" }));
    const byName = await ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: "Name", Option: "BeginsWith", Values: ["/desc/"] }] }));
    assert.deepEqual(byName.Parameters!.map((p) => p.Name), ["/desc/one", "/desc/two"]);
    const one = byName.Parameters![0]!;
    assert.equal(one.Description, "first");
    assert.equal(one.Tier, "Standard");
    assert.deepEqual(one.Policies, []);
    assert.equal(one.Version, 1);
    assert.equal((one as Record<string, unknown>).Value, undefined);
    const tagged = await ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: "tag:team", Values: ["blue"] }] }));
    assert.deepEqual(tagged.Parameters!.map((p) => p.Name), ["/desc/one"]);
    const advanced = await ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: "Tier", Values: ["Advanced"] }, { Key: "Path", Option: "OneLevel", Values: ["/desc"] }] }));
    assert.deepEqual(advanced.Parameters!.map((p) => p.Name), ["/desc/two"]);
    const first = await ssm.send(new DescribeParametersCommand({ MaxResults: 1 }));
    assert.equal(first.Parameters!.length, 1);
    assert.ok(first.NextToken);
    await rejectsWith(ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: "Label", Values: ["x"] }] })), "InvalidFilterKey");
    await rejectsWith(ssm.send(new DescribeParametersCommand({ Filters: [{ Key: "Name", Values: ["x"] }], ParameterFilters: [{ Key: "Name", Values: ["x"] }] })), "ValidationException");
    assert.deepEqual((await ssm.send(new DescribeParametersCommand({ Shared: true }))).Parameters, []);
  });

  test("tags: add, overwrite, list, remove; at most 50; unknown parameter is InvalidResourceId", async () => {
    await ssm.send(new PutParameterCommand({ Name: "/tags/p", Value: "x", Type: "String", Tags: [{ Key: "a", Value: "1" }] }));
    await ssm.send(new AddTagsToResourceCommand({ ResourceType: "Parameter", ResourceId: "/tags/p", Tags: [{ Key: "b", Value: "2" }, { Key: "a", Value: "3" }] }));
    assert.deepEqual((await ssm.send(new ListTagsForResourceCommand({ ResourceType: "Parameter", ResourceId: "/tags/p" }))).TagList, [{ Key: "a", Value: "3" }, { Key: "b", Value: "2" }]);
    await ssm.send(new RemoveTagsFromResourceCommand({ ResourceType: "Parameter", ResourceId: "/tags/p", TagKeys: ["a", "zzz"] }));
    assert.deepEqual((await ssm.send(new ListTagsForResourceCommand({ ResourceType: "Parameter", ResourceId: "/tags/p" }))).TagList, [{ Key: "b", Value: "2" }]);
    const many = Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: "v" }));
    await rejectsWith(ssm.send(new AddTagsToResourceCommand({ ResourceType: "Parameter", ResourceId: "/tags/p", Tags: many })), "TooManyTagsError");
    await rejectsWith(ssm.send(new ListTagsForResourceCommand({ ResourceType: "Parameter", ResourceId: "/tags/none" })), "InvalidResourceId");
    await rejectsWith(ssm.send(new ListTagsForResourceCommand({ ResourceType: "Document", ResourceId: "/tags/p" })), "InvalidResourceType");
    // Tag edits make no version.
    assert.equal((await ssm.send(new GetParameterCommand({ Name: "/tags/p" }))).Parameter!.Version, 1);
  });

  test("DeleteParameter and DeleteParameters", async () => {
    for (const name of ["/del/a", "/del/b", "/del/c"]) await ssm.send(new PutParameterCommand({ Name: name, Value: "x", Type: "String" }));
    await ssm.send(new DeleteParameterCommand({ Name: "/del/a" }));
    await rejectsWith(ssm.send(new GetParameterCommand({ Name: "/del/a" })), "ParameterNotFound");
    await rejectsWith(ssm.send(new DeleteParameterCommand({ Name: "/del/a" })), "ParameterNotFound");
    const many = await ssm.send(new DeleteParametersCommand({ Names: ["/del/b", "/del/a", "/del/c"] }));
    assert.deepEqual(many.DeletedParameters, ["/del/b", "/del/c"]);
    assert.deepEqual(many.InvalidParameters, ["/del/a"]);
    // A deleted name can be created again, from version 1.
    assert.equal((await ssm.send(new PutParameterCommand({ Name: "/del/a", Value: "again", Type: "String" }))).Version, 1);
  });

  test("on the wire: AmazonSSM. target, signing name ssm, errors as {__type, message} with status 400, {} for empty answers", async () => {
    const ssmCall = (operation: string, payload: unknown, service = "ssm") => signedCall(server.url, operation, payload, { service, targetPrefix: "AmazonSSM." });
    const missing = await ssmCall("GetParameter", { Name: "/wire/none" });
    assert.equal(missing.status, 400);
    assert.deepEqual(missing.body, { __type: "ParameterNotFound", message: "" });
    assert.ok(missing.headers.get("x-amzn-requestid"));
    await ssmCall("PutParameter", { Name: "/wire/p", Value: "v", Type: "String" });
    const deleted = await ssmCall("DeleteParameter", { Name: "/wire/p" });
    assert.deepEqual([deleted.status, deleted.text], [200, "{}"]);
    const got = await ssmCall("PutParameter", { Name: "/wire/p", Value: "v", Type: "String" });
    assert.deepEqual(got.body, { Version: 1, Tier: "Standard" });
    // Signed for another service: refused.
    const wrongScope = await ssmCall("GetParameter", { Name: "/wire/p" }, "kms");
    assert.equal(wrongScope.status, 400);
    assert.match(String(wrongScope.body.__type), /Signature|Credential|Token/);
    const unknown = await ssmCall("SendCommand", {});
    assert.equal(unknown.body.__type, "UnknownOperationException");
    const invalid = await ssmCall("GetParameter", { Name: 5 });
    assert.equal(invalid.status, 400);
  });

  test("the AWS CLI: put-parameter, get-parameter, get-parameters-by-path", async () => {
    const put = await awsCli(server.url, scratch, ADMIN, ["ssm", "put-parameter", "--name", "/cli/one", "--value", "from-cli", "--type", "String"]);
    assert.deepEqual(put, { Version: 1, Tier: "Standard" });
    await awsCli(server.url, scratch, ADMIN, ["ssm", "put-parameter", "--name", "/cli/two", "--value", "second", "--type", "String"]);
    const got = (await awsCli(server.url, scratch, ADMIN, ["ssm", "get-parameter", "--name", "/cli/one"])).Parameter as Record<string, unknown>;
    assert.equal(got.Value, "from-cli");
    assert.equal(got.ARN, arnOf("/cli/one"));
    const byPath = await awsCli(server.url, scratch, ADMIN, ["ssm", "get-parameters-by-path", "--path", "/cli", "--page-size", "1"]);
    assert.deepEqual((byPath.Parameters as Record<string, unknown>[]).map((p) => p.Value), ["from-cli", "second"]);
    await awsCli(server.url, scratch, ADMIN, ["ssm", "put-parameter", "--name", "/cli/secret", "--value", "cli-secure", "--type", "SecureString"]);
    const secret = (await awsCli(server.url, scratch, ADMIN, ["ssm", "get-parameter", "--name", "/cli/secret", "--with-decryption"])).Parameter as Record<string, unknown>;
    assert.deepEqual([secret.Type, secret.Value], ["SecureString", "cli-secure"]);
    const recursive = await awsCli(server.url, scratch, ADMIN, ["ssm", "get-parameters-by-path", "--path", "/cli", "--recursive", "--with-decryption", "--parameter-filters", "Key=Type,Values=SecureString"]);
    assert.deepEqual((recursive.Parameters as Record<string, unknown>[]).map((p) => p.Value), ["cli-secure"]);
  });
});
