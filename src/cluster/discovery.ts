import {ApiError, type Send} from './api.js'

/** One entry of an APIResourceList: the path segment ("egresses") and whether it lives in namespaces. */
export interface ApiResource {
  name: string
  namespaced: boolean
}

/** A kind no resource serves in that version: its CRD is not installed (or the version is not served). */
export class NotServed extends Error {
  constructor(
    readonly apiVersion: string,
    readonly kind: string,
  ) {
    super(`no resource serves ${kind} in ${apiVersion}`)
  }
}

/** The API server's discovery documents, each fetched once per connection. */
export function discovery(send: Send): {servedVersions(): Promise<ReadonlySet<string>>; resource(apiVersion: string, kind: string): Promise<ApiResource | undefined>} {
  let served: Promise<ReadonlySet<string>> | undefined
  const lists = new Map<string, Promise<Array<ApiResource & {kind: string}>>>()
  return {
    servedVersions() {
      served ??= (send('GET', '/apis') as Promise<{groups?: Array<{versions?: Array<{groupVersion: string}>}>}>).then(
        (list) => new Set(['v1', ...(list.groups ?? []).flatMap((g) => (g.versions ?? []).map((v) => v.groupVersion))]),
      )
      return served
    },
    async resource(apiVersion, kind) {
      let list = lists.get(apiVersion)
      if (!list) {
        list = resourceList(send, apiVersion)
        lists.set(apiVersion, list)
      }
      // Subresources ("pods/log") share their parent's kind.
      return (await list).find((r) => r.kind === kind && !r.name.includes('/'))
    },
  }
}

async function resourceList(send: Send, apiVersion: string): Promise<Array<ApiResource & {kind: string}>> {
  try {
    const list = (await send('GET', apiPath(apiVersion))) as {resources?: Array<ApiResource & {kind: string}>}
    return list.resources ?? []
  } catch (e) {
    if (e instanceof ApiError && e.code === 404) return []
    throw e
  }
}

/** "/api/v1" for the core group, "/apis/GROUP/VERSION" for the others. */
export function apiPath(apiVersion: string): string {
  return apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`
}

/** The URL path of a collection ("…/namespaces/NS/egresses") or of one object in it. */
export function resourcePath(apiVersion: string, resource: ApiResource, namespace: string | undefined, name?: string): string {
  const ns = resource.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : ''
  return `${apiPath(apiVersion)}${ns}/${resource.name}${name === undefined ? '' : '/' + encodeURIComponent(name)}`
}
