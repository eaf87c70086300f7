/** The thread that reads one byte range of a big log file (read-logs.ts collectFile) and sends back its flows. */
import {parentPort, workerData} from 'node:worker_threads'
import {collectRange, type ByteRange} from './read-logs.js'

const {file, range} = workerData as {file: string; range: ByteRange}
parentPort!.postMessage(await collectRange(file, range))
