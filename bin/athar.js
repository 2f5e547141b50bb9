#!/usr/bin/env node
// The `athar` command: the CLI is TypeScript that Node runs directly (type stripping).
await import('../server/cli.ts');
export {};
