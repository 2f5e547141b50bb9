// Node keeps what it compiles (the stripped TypeScript and V8's code for it) on disk and reuses it
// at the next start: `athar` commands and the server start faster, and without loading the type
// stripper at all (about 20 MiB less memory per process).
//
// Plain JavaScript on purpose: it must run before the first TypeScript module is compiled.
// Why not Node's default directory (under /tmp): a code cache is code, and another local user could
// plant one there. Inside the installation it has the same owner as the code itself; where that is
// not writable for the running user, Node leaves the cache off and nothing else changes.
// NODE_COMPILE_CACHE overrides the directory; NODE_DISABLE_COMPILE_CACHE=1 turns it off.
import module from 'node:module';
import { fileURLToPath } from 'node:url';

const directory =
  process.env.NODE_COMPILE_CACHE ?? fileURLToPath(new URL('../node_modules/.cache/athar', import.meta.url));
const { directory: enabled } = module.enableCompileCache(directory);
// Worker threads, cluster workers and child processes inherit it through the environment.
if (enabled) process.env.NODE_COMPILE_CACHE = enabled;
