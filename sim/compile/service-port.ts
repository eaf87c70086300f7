import type {ServiceSpec} from '../../src/model/k8s.js'

type ServicePort = NonNullable<ServiceSpec['ports']>[number]

/** The pod port a Service port forwards to: the API server defaults an unset (0 or "") targetPort to `port`. */
export function serviceTargetPort(p: ServicePort): number | string {
  return p.targetPort || p.port
}
