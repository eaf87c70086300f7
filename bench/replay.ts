import {closeSync, createReadStream, mkdtempSync, openSync, rmSync, writeSync} from 'node:fs'
import {availableParallelism, tmpdir} from 'node:os'
import {join} from 'node:path'
import {performance} from 'node:perf_hooks'
import {collectLogs, eachLine} from '../src/replay/read-logs.js'

/** n access-log lines as `kubectl logs --prefix` prints them: half Istio TEXT, a quarter Istio JSON, a quarter OSM JSON, 1,000 distinct hosts. */
function writeLogs(file: string, n: number): number {
  const fd = openSync(file, 'w')
  let bytes = 0
  let out: string[] = []
  const flush = () => {
    const chunk = out.join('\n') + '\n'
    bytes += Buffer.byteLength(chunk)
    writeSync(fd, chunk)
    out = []
  }
  for (let i = 0; i < n; i++) {
    if (out.length === 10_000) flush()
    const host = `api-${i % 1000}.example.com`
    const ip = `203.0.${(i % 1000) >> 8}.${(i % 1000) & 255}`
    const kind = i % 4
    if (kind < 2)
      out.push(
        `[pod/sleep-6b9c4d7f8d-q7x2m/istio-proxy] [2026-12-01T10:00:01.101Z] "GET /v1/items/${i % 50} HTTP/1.1" 200 - via_upstream - "-" 0 512 130 129 "-" "curl/8.11.1" "req-${i}" "${host}" "${ip}:80" outbound|80||${host} 10.244.0.7:40112 ${ip}:80 10.244.0.7:40110 - default`,
      )
    else if (kind === 2)
      out.push(
        `[pod/sleep-6b9c4d7f8d-q7x2m/istio-proxy] {"start_time":"2026-12-01T10:00:01.101Z","route_name":null,"method":null,"path":null,"protocol":null,"response_code":0,"response_flags":"-","response_code_details":null,"connection_termination_details":null,"bytes_received":780,"bytes_sent":5120,"duration":300,"upstream_service_time":null,"x_forwarded_for":null,"user_agent":null,"request_id":null,"authority":null,"upstream_host":"${ip}:443","upstream_cluster":"outbound|443||${host}","upstream_local_address":"10.244.0.7:40130","downstream_local_address":"${ip}:443","downstream_remote_address":"10.244.0.7:40128","requested_server_name":"${host}","upstream_transport_failure_reason":null}`,
      )
    else
      out.push(
        `[pod/curl-7d9c5b6f4b-x2k9z/envoy] {"start_time":"2026-12-01T10:00:01.101Z","method":"GET","path":"/get","protocol":"HTTP/1.1","response_code":"200","response_code_details":"via_upstream","time_to_first_byte":"120","upstream_cluster":"${host}:80","response_flags":"-","bytes_received":"0","bytes_sent":"512","duration":"121","upstream_service_time":"120","x_forwarded_for":"-","user_agent":"curl/8.11.1","request_id":"req-${i}","requested_server_name":"-","authority":"${host}","upstream_host":"${ip}:80"}`,
      )
  }
  flush()
  closeSync(fd)
  return bytes
}

/** The floor: split the same file into lines (same reader) and JSON.parse the lines that hold JSON. */
async function splitAndParseJson(file: string): Promise<number> {
  let parsed = 0
  await eachLine(createReadStream(file), (line) => {
    const brace = line.indexOf('{')
    if (brace >= 0) parsed += JSON.parse(line.slice(brace)) ? 1 : 0
  })
  return parsed
}

/** Wall and CPU time of one reading, each a median of the runs, and its median per-pair ratios to the floor's. */
export interface ReplayTimes {
  ms: number
  ratio: number
  cpuRatio: number
}

/**
 * Reading 1,000,000 access-log lines into flows vs the floor (issue 15: aim ≤ 2), as replay reads them (one
 * thread per core, os.availableParallelism()) and on one thread: the three in turn, the order rotating, each
 * after a garbage collection when node runs with --expose-gc, so that a busy machine slows them alike. CPU
 * time is the process's, every thread's.
 */
export async function benchReplay(
  n = 1_000_000,
  runs = 7,
): Promise<{lines: number; mb: number; threads: number; floorMs: number; ours: ReplayTimes; oneThread: ReplayTimes; flows: number}> {
  const dir = mkdtempSync(join(tmpdir(), 'egress-replay-'))
  const file = join(dir, 'access.log')
  try {
    const bytes = writeLogs(file, n)
    const gc = (globalThis as {gc?: () => void}).gc ?? (() => {})
    let flows = 0
    const read = (threads?: number) => async () => {
      flows = (await collectLogs([file], {threads})).observed().length
    }
    const work = [() => splitAndParseJson(file), read(), read(1)]
    const wall: number[][] = work.map(() => [])
    const cpu: number[][] = work.map(() => [])
    for (let i = 0; i < runs; i++) {
      for (let k = 0; k < work.length; k++) {
        const w = (i + k) % work.length
        gc()
        const c0 = process.cpuUsage()
        const t0 = performance.now()
        await work[w]()
        wall[w].push(performance.now() - t0)
        const c = process.cpuUsage(c0)
        cpu[w].push((c.user + c.system) / 1000)
      }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
    const times = (w: number): ReplayTimes => ({
      ms: median(wall[w]),
      ratio: median(wall[w].map((t, i) => t / wall[0][i])),
      cpuRatio: median(cpu[w].map((t, i) => t / cpu[0][i])),
    })
    return {lines: n, mb: bytes / 1e6, threads: availableParallelism(), floorMs: median(wall[0]), ours: times(1), oneThread: times(2), flows}
  } finally {
    rmSync(dir, {recursive: true, force: true})
  }
}
