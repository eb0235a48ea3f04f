import NodeEnvironment from 'jest-environment-node';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/**
 * Jest's Node environment, with a full garbage collection once each spec file is torn down.
 *
 * V8 lets a busy heap grow to a gigabyte and more before it collects, and a Node process gives
 * its heap back page by page when it exits. A jest worker ends when the run does: at a gigabyte
 * that took 0.5-0.7 s after its exit event, longer than the half second jest waits before it
 * kills the worker and prints "A worker process has failed to exit gracefully". Collected after
 * each file, a worker holds about 300 MB at the end and exits in about 0.3 s even under load, and
 * uses less memory all along. (Measured with a probe on jest's end message and strace on the workers' exit.)
 */
export default class NodeEnvironmentCollectingGarbage extends NodeEnvironment {
  override async teardown(): Promise<void> {
    await super.teardown();
    collectGarbage();
  }
}
