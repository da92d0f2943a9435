// GuardDuty-like findings over the audit stream: pure rules, bounded in-memory state per detector.
export { FindingDetector } from "./detector.js";
export { DEFAULT_THRESHOLDS, type Finding, type FindingRule, type FindingSeverity, type FindingThresholds } from "./finding.js";
export { opensToEveryone } from "./open-policy.js";
