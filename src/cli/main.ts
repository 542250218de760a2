// Process entry of the `raadskaart` CLI, built to out/node/raadskaart.mjs (vite.node.config.mts),
// which bin/raadskaart.mjs runs. Sets the exit code instead of calling process.exit, so a running
// hub closes cleanly and output is flushed.
import { runCli } from './index';

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`raadskaart: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  },
);
