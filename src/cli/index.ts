// The `raadskaart` command line: dispatches to keygen, pack, verify (here) and publish, hub
// (publish.ts, hubCommands.ts). Those two are loaded only when used, so `verify` does not start
// the hub's database and web server code. Returns exit codes: 0 ok, 1 failed, 2 usage.
import type { CliIo } from './io';
import { oneLine, processIo } from './io';
import { KEYGEN_USAGE, keygenCommand } from './keygen';
import { PACK_USAGE, packCommand } from './pack';
import { VERIFY_USAGE, verifyCommand } from './verify';

export const USAGE = `Usage: raadskaart <command> [options]

Commands:
  ${KEYGEN_USAGE.replace('Usage: raadskaart ', '')}
  ${PACK_USAGE.replace('Usage: raadskaart ', '')}
  ${VERIFY_USAGE.replace('Usage: raadskaart ', '')}
  publish FILE.rkp --hub https://HOST --token TOKEN   (http:// only to this computer)
  hub [--port 8787] [--host 127.0.0.1] [--data DIR] [--public-read] [--trust-proxy] [--keep-versions 3]
  hub user add --data DIR --name NAME --role advisor|member|clerk|alderman [--group GROUP]
  hub user remove --data DIR --name NAME
  hub user rotate --data DIR --name NAME
  hub key add --data DIR --public KEYFILE [--package ID ...]   (also while the hub runs)

Run "raadskaart <command> --help" for one command.`;

type Command = (args: string[], io: CliIo) => Promise<number>;

/** publish/hub live in modules with heavy dependencies: import them on use, with a clear error if they cannot load. */
async function lazy(name: string, load: () => Promise<Command>, args: string[], io: CliIo): Promise<number> {
  let command: Command;
  try {
    command = await load();
  } catch (err) {
    io.err(`raadskaart ${name}: this command is not available (${oneLine(err)})`);
    return 1;
  }
  return command(args, io);
}

/** Runs the CLI with argv after the program name; resolves to the exit code. */
export async function runCli(argv: string[], io: CliIo = processIo): Promise<number> {
  const [command, ...args] = argv;
  switch (command) {
    case 'keygen':
      return keygenCommand(args, io);
    case 'pack':
      return packCommand(args, io);
    case 'verify':
      return verifyCommand(args, io);
    case 'publish':
      return lazy('publish', async () => (await import('./publish')).publishCommand, args, io);
    case 'hub':
      return lazy('hub', async () => (await import('./hubCommands')).hubCommand, args, io);
    case 'help':
    case '--help':
    case '-h':
      io.out(USAGE);
      return 0;
    case undefined:
      io.err(USAGE);
      return 2;
    default:
      io.err(`raadskaart: unknown command "${command}"`);
      io.err(USAGE);
      return 2;
  }
}
