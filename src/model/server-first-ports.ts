/**
 * Well-known ports whose protocol waits for the server to speak first. On such a port Envoy's TLS/HTTP
 * inspectors wait for client bytes that never come (listener_filters_timeout, 15 s) unless OSM is told
 * `tcp-server-first` (osm PR #3329, osm.md §2.11). PostgreSQL is listed because OSM's docs and PR name
 * it, although its clients send the StartupMessage first; declaring it costs nothing.
 */
export const SERVER_FIRST_PORTS: Readonly<Record<number, string>> = {
  21: 'FTP',
  25: 'SMTP',
  110: 'POP3',
  143: 'IMAP',
  587: 'SMTP submission',
  3306: 'MySQL',
  5432: 'PostgreSQL',
}
