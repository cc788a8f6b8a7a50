// Child process for the interrupt test: runs one build with a long RUN and prints its
// progress, so the test can send SIGINT mid-build and look for leftovers.
import { InterruptedError } from '../../errors/errors';
import { runBuild } from '../../build/run';

const [context] = process.argv.slice(2);
runBuild({ context: context as string, noCache: true }, { onLine: (l) => console.log(l) })
  .then(() => process.exit(0))
  .catch((err) => {
    console.log(err instanceof InterruptedError ? `INTERRUPTED ${err.by}` : `FAILED ${err}`);
    process.exit(err instanceof InterruptedError ? 130 : 1);
  });
