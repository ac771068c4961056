// A file of promptgate's that imports the SDK, for project-sdk.test.ts: which copy does it get?
export { VERSION } from '@anthropic-ai/sdk/version';
