// The thread of fixAllInThread (fix-all.ts): fix-all's solver on the specs it
// is sent, so that the language server keeps answering while it runs (seconds
// to a minute on a giant cluster) and can stop it when the request is cancelled.

import { parentPort, workerData } from 'worker_threads';
import { buildGraph } from '../graph/build-graph';
import { planFixAll } from '../graph/breaking';
import type { PackageSpec } from '../graph/types';

const { specs } = workerData as { specs: PackageSpec[] };
parentPort?.postMessage(planFixAll(specs, buildGraph(specs)));
