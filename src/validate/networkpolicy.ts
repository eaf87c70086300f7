import {cidrsOverlap, parseCidr} from '../../sim/net/cidr.js'
import {policyTypes} from '../../sim/compile/firewall.js'
import {ofKind} from '../../sim/compile/select.js'
import type {Diagnostic} from '../model/diagnostic.js'
import type {NetworkPolicySpec} from '../model/k8s.js'
import type {Resource} from '../model/resource.js'
import type {ModelSet} from '../model/set.js'
import {diagnosticAt} from './diagnostic-at.js'
import {portName, portNumber} from './kubernetes/native.js'
import type {Path} from './schema.js'

type Policy = Resource<NetworkPolicySpec>
type Rule = NonNullable<NetworkPolicySpec['egress']>[number]

/**
 * What the API server rejects in a networking.k8s.io/v1 NetworkPolicy (kubernetes pkg/apis/networking/validation),
 * and egress rules that never apply because Egress is not among the policyTypes.
 */
export function validateNetworkPolicy(set: ModelSet): Diagnostic[] {
  const out: Diagnostic[] = []
  for (const p of ofKind<NetworkPolicySpec>(set, 'NetworkPolicy', 'networking.k8s.io')) {
    const spec = p.spec ?? {}
    if (!spec.podSelector) out.push(diagnosticAt(p, ['spec', 'podSelector'], 'NETPOL_NO_POD_SELECTOR', 'error', 'Required value: podSelector ({} selects every pod)'))
    ;(spec.policyTypes ?? []).forEach((t, i) => {
      if (t !== 'Ingress' && t !== 'Egress')
        out.push(diagnosticAt(p, ['spec', 'policyTypes', i], 'NETPOL_BAD_POLICY_TYPE', 'error', `Unsupported value: ${JSON.stringify(t)}: supported values: "Ingress", "Egress"`))
    })
    if (spec.egress?.length && !policyTypes(spec).includes('Egress')) {
      out.push(
        diagnosticAt(p, ['spec', 'policyTypes'], 'NETPOL_EGRESS_IGNORED', 'warning', 'egress rules are ignored: policyTypes does not list Egress', 'add Egress to policyTypes'),
      )
    }
    ;(spec.egress ?? []).forEach((rule, i) => out.push(...checkRule(p, rule, ['spec', 'egress', i])))
  }
  return out
}

function checkRule(p: Policy, rule: Rule, path: Path): Diagnostic[] {
  const out: Diagnostic[] = []
  ;(rule.to ?? []).forEach((peer, j) => {
    const at_ = [...path, 'to', j]
    const selectors = Boolean(peer.podSelector || peer.namespaceSelector)
    if (!selectors && !peer.ipBlock) out.push(diagnosticAt(p, at_, 'NETPOL_EMPTY_PEER', 'error', 'must specify a peer'))
    if (selectors && peer.ipBlock)
      out.push(diagnosticAt(p, at_, 'NETPOL_IPBLOCK_WITH_SELECTOR', 'error', 'may not specify more than 1 peer: ipBlock cannot be combined with selectors'))
    if (!peer.ipBlock) return
    const cidr = parseCidr(peer.ipBlock.cidr ?? '')
    if (!cidr) out.push(diagnosticAt(p, [...at_, 'ipBlock', 'cidr'], 'NETPOL_BAD_CIDR', 'error', `Invalid value: ${JSON.stringify(peer.ipBlock.cidr)}: must be a valid CIDR`))
    ;(peer.ipBlock.except ?? []).forEach((e, k) => {
      const ex = parseCidr(e)
      const where = [...at_, 'ipBlock', 'except', k]
      if (!ex) out.push(diagnosticAt(p, where, 'NETPOL_BAD_CIDR', 'error', `Invalid value: ${JSON.stringify(e)}: must be a valid CIDR`))
      else if (cidr && (!cidrsOverlap(cidr, ex) || ex.prefix <= cidr.prefix)) {
        out.push(diagnosticAt(p, where, 'NETPOL_EXCEPT_OUTSIDE_CIDR', 'error', `Invalid value: ${JSON.stringify(e)}: must be a strict subset of \`cidr\``))
      }
    })
  })
  ;(rule.ports ?? []).forEach((port, j) => {
    const where = [...path, 'ports', j]
    if (port.protocol !== undefined && !['TCP', 'UDP', 'SCTP'].includes(port.protocol)) {
      out.push(
        diagnosticAt(p, [...where, 'protocol'], 'NETPOL_BAD_PROTOCOL', 'error', `Unsupported value: ${JSON.stringify(port.protocol)}: supported values: "TCP", "UDP", "SCTP"`),
      )
    }
    const badPort = port.port === undefined ? undefined : typeof port.port === 'number' ? portNumber(port.port) : portName(port.port)
    if (badPort) out.push(diagnosticAt(p, [...where, 'port'], 'NETPOL_BAD_PORT', 'error', `Invalid value: ${JSON.stringify(port.port)}: ${badPort}`))
    if (port.endPort === undefined) return
    if (port.port === undefined) out.push(diagnosticAt(p, [...where, 'endPort'], 'NETPOL_ENDPORT_WITHOUT_PORT', 'error', 'may not be specified when `port` is not specified'))
    else if (typeof port.port === 'string')
      out.push(diagnosticAt(p, [...where, 'endPort'], 'NETPOL_ENDPORT_NAMED_PORT', 'error', 'may not be specified when `port` is non-numeric'))
    else if (port.endPort < port.port) out.push(diagnosticAt(p, [...where, 'endPort'], 'NETPOL_ENDPORT_BELOW_PORT', 'error', 'must be greater than or equal to `port`'))
  })
  return out
}
