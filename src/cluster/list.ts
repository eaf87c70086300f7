import {ApiError, type Send} from './api.js'

/** kubectl get's default --chunk-size, and client-go's pager page size (tools/pager/pager.go defaultPageSize). */
export const PAGE_SIZE = 500

export interface Listed {
  items: Array<Record<string, unknown>>
  /** Requests made: one per page, and after an expired continue token, that failed one and the whole re-read. */
  requests: number
  /** The continue token expired midway (410 Expired) and the collection was read again in one request. */
  relisted: boolean
}

/** The pages do not make up the whole list: fewer objects than the server announced, or a token that repeats. */
export class ShortRead extends Error {
  static announced(read: number, announced: number): ShortRead {
    return new ShortRead(`the list ended after ${read} objects, but the API server had announced ${announced} (remainingItemCount)`)
  }
}

interface Page {
  items?: Array<Record<string, unknown>>
  metadata?: {continue?: string; remainingItemCount?: number}
}

/**
 * Every object of a collection, page by page. The list is done only when a page comes without a continue
 * token; every page with `remainingItemCount` (sent when no selector hides the count) fixes the total, and
 * the pages must add up to it. A continue token that expires midway (410 Expired: etcd compacted the
 * revision the first page was read at) is handled as client-go's pager does (FullListIfExpired,
 * tools/pager/pager.go): the collection is read again in one request without a limit, which cannot expire.
 */
export async function listAll(send: Send, path: string, query: {fieldSelector?: string; labelSelector?: string}, onPage: (read: number) => void = () => {}): Promise<Listed> {
  const items: Array<Record<string, unknown>> = []
  let token: string | undefined
  let announced: number | undefined
  let pages = 0
  do {
    let page: Page
    try {
      page = (await send('GET', path, {query: {...query, limit: PAGE_SIZE, continue: token}})) as Page
    } catch (e) {
      if (!token || !isExpired(e)) throw e
      const whole = ((await send('GET', path, {query})) as Page).items ?? []
      onPage(whole.length)
      return {items: whole, requests: pages + 2, relisted: true}
    }
    pages++
    items.push(...(page.items ?? []))
    const next = page.metadata?.continue || undefined
    const remaining = page.metadata?.remainingItemCount
    if (typeof remaining === 'number') {
      if (announced !== undefined && items.length + remaining !== announced) throw ShortRead.announced(items.length, announced)
      announced = items.length + remaining
    }
    // A token handed back unchanged would never end the list.
    if (next !== undefined && next === token) throw new ShortRead(`the API server handed back the same continue token after ${items.length} objects`)
    token = next
    onPage(items.length)
  } while (token)
  if (announced !== undefined && items.length !== announced) throw ShortRead.announced(items.length, announced)
  return {items, requests: pages, relisted: false}
}

/** client-go errors.IsResourceExpired: the Status reason "Expired" (HTTP 410). */
function isExpired(e: unknown): boolean {
  return e instanceof ApiError && e.code === 410 && (e.body as {reason?: string} | undefined)?.reason === 'Expired'
}
