export {
  type DescribeIssueOptions,
  describeIssue,
  type IssueLike,
  type IssueList,
} from "./describe-issue.js";
export { type InvokeOneOptions, invokeOne } from "./invoke-one.js";
export { type FormatIssuePathOptions, formatIssuePath, type IssuePathStyle } from "./issue-path.js";
export { type ParseInputOptions, parseInput } from "./parse-input.js";
export { type ParseReplyOptions, parseReply } from "./parse-reply.js";
