import {expect, test} from 'vitest'
import type {FirewallRule, Workload} from '../../sim/rules/types.js'
import {checkFirewall} from '../../sim/trace/firewall.js'
import {origin} from '../helpers/rules.js'

const pod = (rules: FirewallRule[], isolated = true): Workload => ({
  id: 'ns/app',
  namespace: 'ns',
  serviceAccount: 'app',
  labels: {},
  proxy: null,
  capture: null,
  firewall: {isolatedBy: isolated ? [origin('np')] : [], rules},
  origin: origin('pod'),
})
const rule = (r: Partial<FirewallRule>): FirewallRule => ({to: [], ports: [], origin: origin('rule'), ...r})

test.each([
  {name: 'not isolated: everything allowed', w: pod([], false), dst: {ip: '1.2.3.4', port: 443}, allowed: true},
  {name: 'isolated with no rules: everything dropped', w: pod([]), dst: {ip: '1.2.3.4', port: 443}, allowed: false},
  {name: 'ipBlock contains the address', w: pod([rule({to: [{kind: 'ipBlock', cidr: '1.2.3.0/24', except: []}]})]), dst: {ip: '1.2.3.4', port: 443}, allowed: true},
  {
    name: 'ipBlock except carves the address out',
    w: pod([rule({to: [{kind: 'ipBlock', cidr: '1.2.3.0/24', except: ['1.2.3.4/32']}]})]),
    dst: {ip: '1.2.3.4', port: 443},
    allowed: false,
  },
  {name: 'an unknown public address is only in 0.0.0.0/0', w: pod([rule({to: [{kind: 'ipBlock', cidr: '0.0.0.0/0', except: ['10.0.0.0/8']}]})]), dst: {port: 443}, allowed: true},
  {name: 'port range with endPort', w: pod([rule({ports: [{protocol: 'TCP', port: 8000, endPort: 8100}]})]), dst: {ip: '1.2.3.4', port: 8080}, allowed: true},
  {name: 'UDP 53 does not allow TCP 443', w: pod([rule({ports: [{protocol: 'UDP', port: 53}]})]), dst: {ip: '1.2.3.4', port: 443}, allowed: false},
  {name: 'a named port is never assumed to match', w: pod([rule({ports: [{protocol: 'TCP', portName: 'https'}]})]), dst: {ip: '1.2.3.4', port: 443}, allowed: false},
  {
    name: 'workload peer matches the gateway pod',
    w: pod([rule({to: [{kind: 'workloads', ids: ['istio-system/gw'], describe: 'gw'}]})]),
    dst: {workload: 'istio-system/gw', port: 8080},
    allowed: true,
  },
  {
    name: 'workload peer does not match an external address',
    w: pod([rule({to: [{kind: 'workloads', ids: ['istio-system/gw'], describe: 'gw'}]})]),
    dst: {ip: '1.2.3.4', port: 443},
    allowed: false,
  },
])('$name', ({w, dst, allowed}) => {
  expect(checkFirewall(w, dst).allowed).toBe(allowed)
})
