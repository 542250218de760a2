// Process entry of the `raadskaart` CLI, built to out/node/raadskaart.mjs (vite.node.config.mts),
// which bin/raadskaart.mjs runs. Sets the exit code instead of calling process.exit, so a running
// hub closes cleanly and output is flushed.
// Output whose reader went away (`raadskaart verify ... | head -1`) is dropped quietly, as
// Unix tools do: a closed pipe is the reader's choice, not a failure of the command, so it
// never ends in a stack trace. Any other write error still fails the command.
import { runCli } from './index';

let outputFailed = false;
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    // the reader closed the pipe: what it did not read is not wanted
    if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED') return;
    outputFailed = true;
  });
}

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = outputFailed && code === 0 ? 1 : code;
  },
  (err: unknown) => {
    process.stderr.write(`raadskaart: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  },
);
