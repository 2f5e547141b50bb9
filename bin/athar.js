#!/usr/bin/env node
// The `athar` command: the CLI is TypeScript that Node runs directly (type stripping).
import './compile-cache.js';

await import('../server/cli.ts');
