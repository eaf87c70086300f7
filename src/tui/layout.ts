/** Pane sizes for a terminal; 80×24 is the smallest the layout is made for. */
export interface Layout {
  columns: number
  leftWidth: number
  rightWidth: number
  /** Rows of each pane, titles included. */
  policies: number
  requests: number
  form: number
  findings: number
  trace: number
  /** Rows for full-screen views (help) between the header and the footer. */
  body: number
}

const HEADER = 2
const FOOTER = 1

export function layoutFor(columns: number, rows: number): Layout {
  const c = Math.max(80, columns)
  const body = Math.max(24, rows) - HEADER - FOOTER
  const leftWidth = Math.min(40, Math.floor(c * 0.34))
  const findings = body >= 30 ? 6 : 4
  const trace = body >= 30 ? 10 : 8
  const policies = Math.ceil(body * 0.55)
  return {columns: c, leftWidth, rightWidth: c - leftWidth - 1, policies, requests: body - policies, form: body - findings - trace, findings, trace, body}
}

/** The first index to show so that `selected` stays visible in a window of `height` items. */
export function windowStart(total: number, selected: number, height: number): number {
  if (total <= height) return 0
  return Math.max(0, Math.min(selected - Math.floor(height / 2), total - height))
}
