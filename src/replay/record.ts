import {trieChild, type KeyTrie, type TrieSlot} from './key-trie.js'

/** The fields of one sidecar access-log entry that say what the client asked for, whatever the format. */
export interface AccessRecord {
  format: AccessLogFormat
  /** Absent for TCP-proxied connections (Envoy writes "-"). */
  method?: string
  path?: string
  /** "HTTP/1.1", "HTTP/2"…; absent for TCP. */
  protocol?: string
  authority?: string
  /** %REQUESTED_SERVER_NAME%: the SNI the listener's TLS inspector read. */
  sni?: string
  responseCode?: number
  responseFlags?: string
  /** %UPSTREAM_HOST%: the address Envoy connected to. */
  upstreamHost?: string
  upstreamCluster?: string
  /** %DOWNSTREAM_LOCAL_ADDRESS%: on an outbound sidecar listener, the original destination IP:port. */
  originalDestination?: string
}

export type AccessLogFormat = 'istio-text' | 'istio-json' | 'osm-json'

/** Envoy writes "-" for a value it does not have; its JSON formatter may write null or "". */
export function present(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined
  const text = typeof value === 'string' ? value : String(value)
  return text === '-' || text === '' ? undefined : text
}

export function statusOf(value: unknown): number | undefined {
  const text = present(value)
  if (text === undefined) return undefined
  const n = Number(text)
  return Number.isInteger(n) && n > 0 ? n : undefined
}

/**
 * The keys Istio's JSON encoding and OSM's format share (both name Envoy's operators the same way), and
 * Istio's downstream_local_address.
 */
export function fromEnvoyJson(o: Record<string, unknown>, format: 'istio-json' | 'osm-json'): AccessRecord {
  return {
    format,
    method: present(o.method),
    path: present(o.path),
    protocol: present(o.protocol),
    responseCode: statusOf(o.response_code),
    responseFlags: present(o.response_flags),
    authority: present(o.authority),
    upstreamHost: present(o.upstream_host),
    upstreamCluster: present(o.upstream_cluster),
    sni: present(o.requested_server_name),
    originalDestination: format === 'istio-json' ? present(o.downstream_local_address) : undefined,
  }
}

/**
 * Where a parsed Envoy JSON entry keeps its flow in `memo`: the values flowOf's record reads, each a level of
 * the trie, as parsed (so "-", "" and null hold one flow in three slots: the same Observed, found by its flow
 * key). False where a value is an object or array: a fresh one per line, it would never be found again.
 */
export function envoyJsonSlot(o: Record<string, unknown>, memo: KeyTrie, slot: TrieSlot): boolean {
  const parts = [o.upstream_cluster, o.downstream_local_address, o.upstream_host, o.method, o.protocol, o.authority, o.path, o.requested_server_name]
  for (const part of parts) if (typeof part === 'object' && part !== null) return false
  let level = memo
  for (let i = 0; i < parts.length - 1; i++) level = trieChild(level, parts[i])
  slot.level = level
  slot.key = parts[parts.length - 1]
  return true
}
