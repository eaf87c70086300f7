/**
 * istiod's validating webhook, rule by rule: each row names the upstream function (istio/istio
 * pkg/config/validation, tags 1.22.0–1.30.0) whose rule it exercises, and expects upstream's own message.
 * Objects are read by the real loader, so the pointer of each finding is the value's place in the file.
 */
import {describe, expect, test} from 'vitest'
import {stringify} from 'yaml'
import {parseResources} from '../../src/load/parse.js'
import type {Resource} from '../../src/model/resource.js'
import {validateIstio} from '../../src/validate/istio.js'
import {validateDestinationRule} from '../../src/validate/istio/destination-rule.js'
import {validateGateway} from '../../src/validate/istio/gateway.js'
import {validateServiceEntry} from '../../src/validate/istio/service-entry.js'
import {validateSidecar} from '../../src/validate/istio/sidecar.js'
import type {IstioVersion} from '../../sim/compile/istio/version.js'
import {validateVirtualService} from '../../src/validate/istio/virtual-service.js'

type Kind = 'ServiceEntry' | 'VirtualService' | 'DestinationRule' | 'Gateway' | 'Sidecar'
type Finding = [code: string, severity: 'error' | 'warning', pointer: string, message: string]

interface Row {
  /** The upstream function whose rule the row checks. */
  upstream: string
  name: string
  kind: Kind
  spec: Record<string, unknown>
  metadata?: Record<string, unknown>
  version?: IstioVersion
  want: Finding[]
}

/** istioctl analyze's reference checks (IST0101) are not the webhook's. */
const ANALYZER = new Set(['ISTIO_VS_GATEWAY_NOT_FOUND', 'ISTIO_VS_DESTINATION_NOT_FOUND', 'ISTIO_VS_SUBSET_NOT_FOUND'])

function load(kind: Kind, spec: Record<string, unknown>, metadata: Record<string, unknown> = {}): Resource {
  const text = stringify({apiVersion: 'networking.istio.io/v1', kind, metadata: {name: 'x', namespace: 'default', ...metadata}, spec})
  return parseResources(text, 'x.yaml').resources[0]
}

function webhook(r: Resource, version: IstioVersion = '1.30') {
  const none = {gateways: new Set<string>(), hosts: {exact: new Set<string>(), wildcards: []}, subsets: []}
  switch (r.kind) {
    case 'ServiceEntry':
      return validateServiceEntry(r as Resource<never>, version)
    case 'VirtualService':
      return validateVirtualService(r as Resource<never>, none, version)
    case 'DestinationRule':
      return validateDestinationRule(r, version)
    case 'Gateway':
      return validateGateway(r, version)
    default:
      return validateSidecar(r, [r], version)
  }
}

const http80 = {number: 80, name: 'http', protocol: 'HTTP'}
const route = (host = 'a.example.com') => [{destination: {host}}]
const vs = (spec: Record<string, unknown>) => ({hosts: ['a.example.com'], http: [{route: route()}], ...spec})

const rows: Row[] = [
  // ServiceEntry
  {
    upstream: 'ValidateServiceEntry',
    name: 'every invalid host has its own reason',
    kind: 'ServiceEntry',
    spec: {hosts: ['bücher.example', '', '[::1]', 'httpbin.org.', 'a.*.com'], resolution: 'NONE', ports: [http80]},
    want: [
      ['ISTIO_SE_BAD_HOST', 'error', '/spec/hosts/0', 'domain name "bücher.example" invalid (label "bücher" invalid)'],
      ['ISTIO_SE_BAD_HOST', 'error', '/spec/hosts/1', 'empty domain name not allowed'],
      ['ISTIO_SE_BAD_HOST', 'error', '/spec/hosts/2', 'domain name "[::1]" invalid (label "[::1]" invalid)'],
      // The labels after the first are checked as a domain of their own.
      ['ISTIO_SE_BAD_HOST', 'error', '/spec/hosts/4', 'domain name "*.com" invalid (label "*" invalid)'],
      ['ISTIO_SE_PARTIAL_WILDCARD', 'warning', '/spec/hosts/4', 'partial wildcard "a.*.com" not allowed'],
    ],
  },
  {
    upstream: 'agent.ValidateDNS1123Labels',
    name: 'an all-numeric top-level domain',
    kind: 'ServiceEntry',
    spec: {hosts: ['example.123'], resolution: 'NONE', ports: [http80]},
    want: [['ISTIO_SE_BAD_HOST', 'error', '/spec/hosts/0', 'domain name "123" invalid (top level domain "123" cannot be all-numeric)']],
  },
  {
    upstream: 'ValidateServiceEntry',
    name: 'the "*" host',
    kind: 'ServiceEntry',
    spec: {hosts: ['*'], resolution: 'NONE', ports: [http80]},
    want: [['ISTIO_SE_WILDCARD_HOST', 'error', '/spec/hosts/0', 'invalid host *']],
  },
  {
    upstream: 'ValidateServiceEntry',
    name: 'a partial wildcard only warns',
    kind: 'ServiceEntry',
    spec: {hosts: ['*x'], resolution: 'NONE', ports: [http80]},
    want: [['ISTIO_SE_PARTIAL_WILDCARD', 'warning', '/spec/hosts/0', 'partial wildcard "*x" not allowed']],
  },
  {
    upstream: 'agent.ValidateIPSubnet',
    name: 'an IPv6 address and a CIDR are addresses',
    kind: 'ServiceEntry',
    spec: {hosts: ['example.com'], addresses: ['1.2.3.4', '001:db8::', '10.0.0.0/8'], resolution: 'NONE', ports: [http80]},
    want: [],
  },
  {
    upstream: 'agent.ValidateIPSubnet',
    name: 'bad addresses',
    kind: 'ServiceEntry',
    spec: {hosts: ['example.com'], addresses: ['1.2.3.4/99', '10.0.0.300'], resolution: 'NONE', ports: [http80]},
    want: [
      ['ISTIO_SE_BAD_ADDRESS', 'error', '/spec/addresses/0', '1.2.3.4/99 is not a valid CIDR block'],
      ['ISTIO_SE_BAD_ADDRESS', 'error', '/spec/addresses/1', '10.0.0.300 is not a valid IP'],
    ],
  },
  {
    upstream: 'ValidateServiceEntry',
    name: 'CIDR addresses need NONE or STATIC',
    kind: 'ServiceEntry',
    spec: {hosts: ['example.com'], addresses: ['10.0.0.0/8'], resolution: 'DNS', ports: [http80]},
    want: [['ISTIO_SE_CIDR_WITH_DNS', 'error', '/spec/addresses/0', 'CIDR addresses are allowed only for NONE/STATIC resolution types']],
  },
  {
    upstream: 'ValidateServiceEntry',
    name: 'ports: duplicates, names, protocols, ranges',
    kind: 'ServiceEntry',
    spec: {
      hosts: ['example.com'],
      addresses: ['10.0.0.1'],
      resolution: 'NONE',
      ports: [http80, {number: 80, name: 'http', protocol: 'SOAP', targetPort: 70000}, {number: 0, name: 'Bad_Name', protocol: 'tcp'}],
    },
    want: [
      ['ISTIO_SE_DUPLICATE_PORT_NAME', 'error', '/spec/ports/1/name', 'service entry port name "http" already defined'],
      ['ISTIO_SE_DUPLICATE_PORT_NUMBER', 'error', '/spec/ports/1/number', 'service entry port 80 already defined'],
      ['ISTIO_SE_BAD_PORT', 'error', '/spec/ports/1/targetPort', 'port number 70000 must be in the range 1..65535'],
      ['ISTIO_SE_UNSUPPORTED_PROTOCOL', 'error', '/spec/ports/1/protocol', 'unsupported protocol: SOAP'],
      ['ISTIO_SE_BAD_PORT_NAME', 'error', '/spec/ports/2/name', 'invalid port name: Bad_Name'],
      ['ISTIO_SE_BAD_PORT', 'error', '/spec/ports/2/number', 'port number 0 must be in the range 1..65535'],
    ],
  },
  {
    upstream: 'ValidateServiceEntry + ShouldV2AutoAllocateIP',
    name: 'TCP without addresses: only where no address is allocated',
    kind: 'ServiceEntry',
    spec: {hosts: ['db.example.com'], resolution: 'DNS', ports: [{number: 5432, name: 'pg', protocol: 'TCP'}]},
    want: [],
  },
  {
    upstream: 'ValidateServiceEntry (1.24)',
    name: 'TCP without addresses before auto-allocation was on by default',
    kind: 'ServiceEntry',
    version: '1.24',
    spec: {hosts: ['db.example.com'], resolution: 'DNS', ports: [{number: 5432, name: 'pg', protocol: 'TCP'}]},
    want: [
      [
        'ISTIO_SE_ADDRESSES_REQUIRED',
        'warning',
        '/spec/ports/0',
        'addresses are required for ports serving TCP (or unset) protocol when ISTIO_META_DNS_AUTO_ALLOCATE is not set on a proxy',
      ],
    ],
  },
  {
    upstream: 'ValidateServiceEntry',
    name: 'NONE: endpoints refused, workloadSelector warned',
    kind: 'ServiceEntry',
    spec: {hosts: ['example.com'], resolution: 'NONE', ports: [http80], endpoints: [{address: '1.2.3.4'}]},
    want: [['ISTIO_SE_NONE_WITH_ENDPOINTS', 'error', '/spec/endpoints', 'no endpoints should be provided for resolution type none']],
  },
  {
    upstream: 'ValidateServiceEntry / ValidateAlphaWorkloadSelector',
    name: 'a selector with a wildcard is the only error reported',
    kind: 'ServiceEntry',
    spec: {hosts: ['*'], resolution: 'NONE', workloadSelector: {labels: {app: '*'}}},
    want: [['ISTIO_BAD_SELECTOR', 'error', '/spec/workloadSelector/labels/app', 'wildcard is not supported in selector: "app=*"']],
  },
  {
    upstream: 'ValidateServiceEntry / validateWorkloadEntry',
    name: 'STATIC endpoints: IPs or unix sockets with one port',
    kind: 'ServiceEntry',
    spec: {
      hosts: ['example.com'],
      resolution: 'STATIC',
      ports: [http80, {number: 81, name: 'http2', protocol: 'HTTP'}],
      endpoints: [{address: 'host.example.com'}, {address: 'unix:///sock', ports: {http: 80}}, {address: '1.2.3.4', ports: {nope: 80}}],
    },
    want: [
      ['ISTIO_SE_BAD_ENDPOINT', 'error', '/spec/endpoints/0/address', 'endpoint address "host.example.com" is not a valid IP address'],
      ['ISTIO_SE_BAD_ENDPOINT', 'error', '/spec/endpoints/1/ports', 'unix endpoint unix:///sock must not include ports'],
      ['ISTIO_SE_BAD_ENDPOINT', 'error', '/spec/endpoints/1/address', 'exactly 1 service port required for unix endpoints'],
      ['ISTIO_SE_ENDPOINT_UNKNOWN_PORT', 'error', '/spec/endpoints/2/ports/nope', 'endpoint port 80 is not defined by the service entry'],
    ],
  },
  {
    upstream: 'ValidateServiceEntry',
    name: 'DNS without endpoints: the first wildcard host',
    kind: 'ServiceEntry',
    spec: {hosts: ['*.example.com', '*.example.org'], resolution: 'DNS', ports: [{number: 443, name: 'tls', protocol: 'TLS'}]},
    want: [
      [
        'ISTIO_SE_DNS_WILDCARD',
        'error',
        '/spec/hosts/0',
        'hosts must be FQDN or contain only prefix wildcards if no endpoints are provided for resolution mode DNS, domain name "*.example.com" invalid (label "*" invalid)',
      ],
    ],
  },
  {
    upstream: 'ValidateServiceEntry (1.27)',
    name: 'DNS without endpoints before 1.28: every host, without the reason',
    kind: 'ServiceEntry',
    version: '1.27',
    spec: {hosts: ['*.example.com', '*.example.org'], resolution: 'DNS', ports: [{number: 443, name: 'tls', protocol: 'TLS'}]},
    want: [
      ['ISTIO_SE_DNS_WILDCARD', 'error', '/spec/hosts/0', 'hosts must be FQDN if no endpoints are provided for resolution mode DNS'],
      ['ISTIO_SE_DNS_WILDCARD', 'error', '/spec/hosts/1', 'hosts must be FQDN if no endpoints are provided for resolution mode DNS'],
    ],
  },
  {
    upstream: 'ValidateServiceEntry',
    name: 'DNS endpoints: hostnames allowed, DNS_ROUND_ROBIN takes one',
    kind: 'ServiceEntry',
    spec: {hosts: ['example.com'], resolution: 'DNS_ROUND_ROBIN', ports: [http80], endpoints: [{address: 'sub1.example.com'}, {address: 'not a name'}]},
    want: [
      ['ISTIO_SE_DNS_ROUND_ROBIN_ENDPOINTS', 'error', '/spec/endpoints', 'there must only be 0 or 1 endpoint for resolution mode DNS_ROUND_ROBIN'],
      ['ISTIO_SE_BAD_ENDPOINT', 'error', '/spec/endpoints/1/address', 'endpoint address "not a name" is not a valid FQDN or an IP address'],
    ],
  },
  {
    upstream: 'ValidateServiceEntry',
    name: 'several hosts with a TCP port',
    kind: 'ServiceEntry',
    spec: {hosts: ['a.example.com', 'b.example.com'], resolution: 'DNS', ports: [http80, {number: 5432, name: 'pg', protocol: 'TCP'}]},
    want: [['ISTIO_SE_MULTIPLE_HOSTS_TCP', 'error', '/spec/ports/1', 'multiple hosts provided with non-HTTP, non-TLS ports']],
  },
  {
    upstream: 'ValidateServiceEntry (DYNAMIC_DNS)',
    name: 'DYNAMIC_DNS: wildcard hosts, no addresses, HTTP-ish ports',
    kind: 'ServiceEntry',
    spec: {hosts: ['*.example.com', 'a.example.com'], resolution: 'DYNAMIC_DNS', addresses: ['1.2.3.4'], ports: [{number: 5432, name: 'pg', protocol: 'TCP'}]},
    want: [
      ['ISTIO_SE_DYNAMIC_DNS', 'error', '/spec/hosts/1', 'host must be wildcarded for resolution mode DYNAMIC_DNS'],
      [
        'ISTIO_SE_DYNAMIC_DNS',
        'error',
        '/spec/addresses',
        'addresses cannot be set for resolution type DYNAMIC_DNS. HTTP route domains will only be generatedfrom the hosts field values',
      ],
      ['ISTIO_SE_DYNAMIC_DNS', 'error', '/spec/ports/0/protocol', 'only HTTP, TLS, GRPC, and HTTP2 protocols are supported for resolution type DYNAMIC_DNS'],
      ['ISTIO_SE_MULTIPLE_HOSTS_TCP', 'error', '/spec/ports/0', 'multiple hosts provided with non-HTTP, non-TLS ports'],
    ],
  },
  {
    upstream: 'ValidateServiceEntry (1.27)',
    name: 'DYNAMIC_DNS does not exist before 1.28',
    kind: 'ServiceEntry',
    version: '1.27',
    spec: {hosts: ['*.example.com'], resolution: 'DYNAMIC_DNS', ports: [http80]},
    want: [['ISTIO_UNSUPPORTED_VALUE', 'error', '/spec/resolution', 'Unsupported value: "DYNAMIC_DNS": supported values: "NONE", "STATIC", "DNS", "DNS_ROUND_ROBIN"']],
  },
  {
    upstream: 'validateExportTo',
    name: 'exportTo: duplicates and contradictions',
    kind: 'ServiceEntry',
    spec: {hosts: ['example.com'], resolution: 'NONE', ports: [http80], exportTo: ['default', '.', '~', 'Bad_NS']},
    want: [
      ['ISTIO_BAD_EXPORT_TO', 'error', '/spec/exportTo/1', 'duplicate entries in exportTo: . and current namespace default'],
      ['ISTIO_BAD_EXPORT_TO', 'error', '/spec/exportTo/3', 'only .,*, or a valid DNS 1123 label is allowed as exportTo entry'],
      ['ISTIO_BAD_EXPORT_TO', 'error', '/spec/exportTo', 'cannot export service entry to no one (~) and someone'],
    ],
  },

  // VirtualService
  {upstream: 'ValidateVirtualService', name: 'a delegate has no hosts, and then no gateways, tls or tcp', kind: 'VirtualService', spec: {http: [{route: route()}]}, want: []},
  {
    upstream: 'ValidateVirtualService',
    name: 'a delegate with gateways and tcp',
    kind: 'VirtualService',
    spec: {gateways: ['ns/gw'], http: [{route: route()}], tcp: [{route: route()}]},
    want: [
      ['ISTIO_VS_BAD_DELEGATE', 'error', '/spec/gateways', 'delegate virtual service must have no gateways specified'],
      ['ISTIO_VS_BAD_DELEGATE', 'error', '/spec/tcp', 'delegate virtual service must have no tcp route specified'],
    ],
  },
  {
    upstream: 'ValidateVirtualService',
    name: 'overlapping wildcard hosts are duplicates',
    kind: 'VirtualService',
    spec: vs({hosts: ['*.foo.com', '*.com', 'a.bar.com']}),
    want: [
      ['ISTIO_VS_DUPLICATE_HOST', 'error', '/spec/hosts/1', 'duplicate hosts in virtual service: *.foo.com & *.com'],
      ['ISTIO_VS_DUPLICATE_HOST', 'error', '/spec/hosts/2', 'duplicate hosts in virtual service: *.com & a.bar.com'],
    ],
  },
  {upstream: 'ValidateVirtualService', name: 'an IP address is a valid host', kind: 'VirtualService', spec: vs({hosts: ['10.0.0.1']}), want: []},
  {
    upstream: 'validateGatewayNames',
    name: 'gateway names',
    kind: 'VirtualService',
    spec: vs({gateways: ['ns/Bad_Name', 'gw.istio-system.svc.cluster.local']}),
    want: [
      ['ISTIO_VS_BAD_GATEWAY_NAME', 'error', '/spec/gateways/0', 'invalid value for gateway name: "Bad_Name"'],
      [
        'ISTIO_VS_LEGACY_GATEWAY_NAME',
        'warning',
        '/spec/gateways/1',
        'using legacy gatewayName format "gw.istio-system.svc.cluster.local"; prefer the <namespace>/<name> format: "istio-system/gw"',
      ],
    ],
  },
  {
    upstream: 'validateSniHost / ValidateWildcardDomainForVirtualServiceBoundToGateway',
    name: 'auto-generated SNI hosts on a gateway-bound TLS route',
    kind: 'VirtualService',
    spec: {hosts: ['*.mesh'], gateways: ['istio-system/eastwest'], tls: [{match: [{sniHosts: ['outbound_.80_._.e2e.foobar.mesh']}], route: route('e2e.foobar.mesh')}]},
    want: [],
  },
  {
    upstream: 'validateSniHost (1.23)',
    name: 'before 1.24 an auto-generated SNI host was an invalid domain',
    kind: 'VirtualService',
    version: '1.23',
    spec: {hosts: ['*.mesh'], gateways: ['istio-system/eastwest'], tls: [{match: [{sniHosts: ['outbound_.80_._.e2e.foobar.mesh']}], route: route('e2e.foobar.mesh')}]},
    want: [['ISTIO_VS_BAD_SNI', 'error', '/spec/tls/0/match/0/sniHosts/0', 'domain name "outbound_.80_._.e2e.foobar.mesh" invalid (label "outbound_" invalid)']],
  },
  {
    upstream: 'validateSniHost',
    name: 'an IP address as SNI host only warns',
    kind: 'VirtualService',
    spec: {hosts: ['a.example.com'], tls: [{match: [{sniHosts: ['1.2.3.4']}], route: route()}]},
    want: [['ISTIO_VS_SNI_IP', 'warning', '/spec/tls/0/match/0/sniHosts/0', 'using an IP address ("1.2.3.4") goes against SNI spec and most clients do not support this']],
  },
  {
    upstream: 'validateTLSRoute / validateTCPRoute',
    name: 'TLS and TCP routes need matches and destinations',
    kind: 'VirtualService',
    spec: {hosts: ['a.example.com'], tls: [{match: [{sniHosts: ['a.example.com']}]}], tcp: [{match: [{port: 5432}]}]},
    want: [
      ['ISTIO_VS_NO_ROUTE', 'error', '/spec/tls/0', 'TLS route is required'],
      ['ISTIO_VS_NO_ROUTE', 'error', '/spec/tcp/0', 'TCP route is required'],
    ],
  },
  {
    upstream: 'validateHTTPRouteMatchRequest / validateStringMatch',
    name: 'empty header names and match values',
    kind: 'VirtualService',
    spec: vs({
      http: [{match: [{headers: {'': {exact: 'x'}, 'x-a': {prefix: ''}}, uri: {prefix: ''}, authority: {regex: ''}, withoutHeaders: {'x-b': {regex: '*'}}}], route: route()}],
    }),
    want: [
      ['ISTIO_VS_BAD_HEADER', 'error', '/spec/http/0/match/0/headers/', 'header name cannot be empty'],
      ['ISTIO_VS_EMPTY_MATCH', 'error', '/spec/http/0/match/0/headers/x-a/prefix', '"headers": prefix string match should not be empty'],
      ['ISTIO_VS_BAD_REGEX', 'error', '/spec/http/0/match/0/authority/regex', '"authority": regex string match should not be empty'],
    ],
  },
  {
    upstream: 'validateAuthorityRewrite',
    name: ':authority rewritten twice',
    kind: 'VirtualService',
    spec: vs({http: [{rewrite: {authority: 'a'}, headers: {request: {set: {':authority': 'b'}}}, route: route()}]}),
    want: [['ISTIO_VS_AUTHORITY_TWICE', 'error', '/spec/http/0/headers/request/set/:authority', 'authority header cannot be set multiple times: have "a", attempting to set "b"']],
  },
  {
    upstream: 'validateHTTPRoute / validateHTTPMirrors',
    name: 'mirror percentage above 100',
    kind: 'VirtualService',
    spec: vs({http: [{mirror: {host: 'm.example.com'}, mirrorPercentage: {value: 101}, route: route()}]}),
    want: [['ISTIO_VS_BAD_MIRROR', 'error', '/spec/http/0/mirrorPercentage', 'mirror_percentage must have a max value of 100 (it has 101.000000)']],
  },
  {
    upstream: 'validateDestination / validateWeight',
    name: 'destination "*" and negative weights',
    kind: 'VirtualService',
    spec: vs({
      http: [
        {
          route: [
            {destination: {host: '*'}, weight: -1},
            {destination: {host: 'a.example.com', subset: 'Bad_Subset'}, weight: 1},
          ],
        },
      ],
    }),
    want: [
      ['ISTIO_BAD_DESTINATION', 'error', '/spec/http/0/route/0/destination/host', 'invalid destination host *'],
      ['ISTIO_VS_BAD_WEIGHT', 'error', '/spec/http/0/route/0/weight', 'weight -1 < 0'],
      ['ISTIO_BAD_DESTINATION', 'error', '/spec/http/0/route/1/destination/subset', 'subset name is invalid: Bad_Subset'],
      ['ISTIO_VS_BAD_WEIGHT', 'error', '/spec/http/0/route', 'total destination weight = 0'],
    ],
  },
  {
    upstream: 'validateHTTPFaultInjectionAbort / validateHTTPStatus',
    name: 'abort status outside 200–600',
    kind: 'VirtualService',
    spec: vs({http: [{fault: {abort: {httpStatus: 700, percentage: {value: 50}}}, route: route()}]}),
    want: [['ISTIO_VS_BAD_FAULT', 'error', '/spec/http/0/fault/abort/httpStatus', 'HTTP status 700 is not in range 200-599']],
  },
  {
    upstream: 'agent.ValidateDuration',
    name: 'durations finer than 1 ms',
    kind: 'VirtualService',
    spec: vs({http: [{timeout: '1.5ms', retries: {attempts: 2, perTryTimeout: '500us'}, fault: {delay: {fixedDelay: '0s', percentage: {value: 1}}}, route: route()}]}),
    want: [
      ['ISTIO_BAD_DURATION', 'error', '/spec/http/0/fault/delay/fixedDelay', 'duration must be greater than 1ms'],
      ['ISTIO_BAD_DURATION', 'error', '/spec/http/0/retries/perTryTimeout', 'duration must be greater than 1ms'],
      ['ISTIO_BAD_DURATION', 'error', '/spec/http/0/timeout', 'only durations to ms precision are supported'],
    ],
  },
  {
    upstream: 'validateHTTPRetry',
    name: 'retryOn with zero attempts, unknown policies, status codes',
    kind: 'VirtualService',
    spec: vs({http: [{retries: {retryOn: '5xx,503,bogus,599'}, route: route()}]}),
    want: [
      ['ISTIO_VS_BAD_RETRY', 'error', '/spec/http/0/retries', 'http retry policy configured when attempts are set to 0 (disabled)'],
      ['ISTIO_VS_BAD_RETRY', 'error', '/spec/http/0/retries/retryOn', '"bogus" is not a valid retryOn policy'],
      ['ISTIO_VS_BAD_RETRY', 'error', '/spec/http/0/retries/retryOn', '"599" is not a valid retryOn policy'],
    ],
  },
  {
    upstream: 'validateHTTPRetry (1.22)',
    name: 'reset-before-request is known since 1.23',
    kind: 'VirtualService',
    version: '1.22',
    spec: vs({http: [{retries: {attempts: 3, retryOn: 'reset-before-request'}, route: route()}]}),
    want: [['ISTIO_VS_BAD_RETRY', 'error', '/spec/http/0/retries/retryOn', '"reset-before-request" is not a valid retryOn policy']],
  },
  {
    upstream: 'validateHTTPRouteConflict',
    name: 'route and redirect',
    kind: 'VirtualService',
    spec: vs({http: [{redirect: {uri: '/x'}, route: route()}]}),
    want: [['ISTIO_VS_HTTP_CONFLICT', 'error', '/spec/http/0', 'HTTP route cannot contain both route and redirect']],
  },
  {
    upstream: 'validateExportTo',
    name: 'exportTo "~" is for ServiceEntries only',
    kind: 'VirtualService',
    spec: vs({exportTo: ['~']}),
    want: [['ISTIO_BAD_EXPORT_TO', 'error', '/spec/exportTo/0', 'exportTo ~ (none) is not allowed for Istio configuration objects']],
  },
  {
    upstream: 'analyzeUnreachableHTTPRules',
    name: 'rules after a catch-all, duplicate and covered matches',
    kind: 'VirtualService',
    spec: vs({
      http: [
        {match: [{uri: {prefix: '/a'}}], route: route()},
        {match: [{uri: {prefix: '/a'}}, {uri: {prefix: '/ab'}}], route: route()},
        {route: route()},
        {match: [{uri: {exact: '/x'}}], route: route()},
      ],
    }),
    want: [
      ['ISTIO_VS_INEFFECTIVE_MATCH', 'warning', '/spec/http/1/match/0', 'virtualService rule #1 match #0 is not used (duplicate/overlapping match in rule #0)'],
      ['ISTIO_VS_UNREACHABLE_RULE', 'warning', '/spec/http/3', 'virtualService rule #3 not used (route without matches defined before)'],
      [
        'ISTIO_VS_INEFFECTIVE_MATCH',
        'warning',
        '/spec/http/1/match/1',
        'virtualService rule #1 match #1 of prefix /ab is not used (duplicate/overlapping match in rule #0 of prefix /a on #0)',
      ],
    ],
  },
  {
    upstream: 'analyzeUnreachableHTTPRules (1.26)',
    name: 'before 1.27 a rule after a catch-all was not reported',
    kind: 'VirtualService',
    version: '1.26',
    spec: vs({http: [{route: route()}, {match: [{uri: {exact: '/x'}}], route: route()}]}),
    want: [],
  },

  // DestinationRule
  {
    upstream: 'validateTrafficPolicy / validateConnectionPool',
    name: 'empty traffic policy and connection pool',
    kind: 'DestinationRule',
    spec: {host: 'a.example.com', trafficPolicy: {portLevelSettings: [{port: {number: 80}, connectionPool: {}}]}, subsets: [{name: 'v1', trafficPolicy: {}}]},
    want: [
      ['ISTIO_EMPTY_CONNECTION_POOL', 'error', '/spec/trafficPolicy/portLevelSettings/0/connectionPool', 'connection pool must have at least one field'],
      ['ISTIO_DR_EMPTY_POLICY', 'error', '/spec/subsets/0/trafficPolicy', 'traffic policy must have at least one field'],
    ],
  },
  {
    upstream: 'validatePortTrafficPolicies',
    name: 'port-level settings without a port',
    kind: 'DestinationRule',
    spec: {host: 'a.example.com', trafficPolicy: {portLevelSettings: [{tls: {mode: 'SIMPLE'}}]}},
    want: [['ISTIO_DR_PORT_POLICY_WITHOUT_PORT', 'error', '/spec/trafficPolicy/portLevelSettings/0', 'portTrafficPolicy must have valid port']],
  },
  {
    upstream: 'validateConnectionPool / agent.ValidateDuration',
    name: 'connection durations',
    kind: 'DestinationRule',
    spec: {host: 'a.example.com', trafficPolicy: {connectionPool: {tcp: {connectTimeout: '0.5ms', idleTimeout: '0s'}}}},
    want: [['ISTIO_BAD_DURATION', 'error', '/spec/trafficPolicy/connectionPool/tcp/connectTimeout', 'duration must be greater than 1ms']],
  },
  {
    upstream: 'validateConnectionPool (1.25)',
    name: 'an idle timeout of 0s was refused before 1.26',
    kind: 'DestinationRule',
    version: '1.25',
    spec: {host: 'a.example.com', trafficPolicy: {connectionPool: {tcp: {idleTimeout: '0s'}}}},
    want: [['ISTIO_BAD_DURATION', 'error', '/spec/trafficPolicy/connectionPool/tcp/idleTimeout', 'duration must be greater than 1ms']],
  },
  {
    upstream: 'agent.ValidateTLS',
    name: 'insecureSkipVerify with a CA, credentialName with certificates, MUTUAL without a key',
    kind: 'DestinationRule',
    spec: {
      host: 'a.example.com',
      trafficPolicy: {
        tls: {mode: 'SIMPLE', insecureSkipVerify: true, caCertificates: '/ca.pem'},
        portLevelSettings: [
          {port: {number: 443}, tls: {mode: 'MUTUAL', credentialName: 'c', clientCertificate: '/c.pem'}},
          {port: {number: 8443}, tls: {mode: 'MUTUAL', clientCertificate: '/c.pem'}},
        ],
      },
    },
    want: [
      [
        'ISTIO_DR_BAD_TLS',
        'error',
        '/spec/trafficPolicy/tls/insecureSkipVerify',
        'cannot specify CaCertificates or CredentialName or SubjectAltNames when InsecureSkipVerify is set true',
      ],
      [
        'ISTIO_DR_BAD_TLS',
        'error',
        '/spec/trafficPolicy/portLevelSettings/0/tls/credentialName',
        'cannot specify client certificates or CA certificate or CA CRL If credentialName is set',
      ],
      ['ISTIO_DR_BAD_TLS', 'error', '/spec/trafficPolicy/portLevelSettings/1/tls', 'private key required for mutual tls'],
    ],
  },
  {
    upstream: 'validateExportTo',
    name: 'a workload selector with exportTo *',
    kind: 'DestinationRule',
    spec: {host: 'a.example.com', workloadSelector: {matchLabels: {app: 'a'}}, exportTo: ['*']},
    want: [['ISTIO_BAD_EXPORT_TO', 'error', '/spec/exportTo', 'destination rule with workload selector cannot have exportTo beyond current namespace']],
  },
  {
    upstream: 'validateLoadBalancer',
    name: 'warmup and maglev',
    kind: 'DestinationRule',
    spec: {host: 'a.example.com', trafficPolicy: {loadBalancer: {consistentHash: {maglev: {tableSize: 100}, useSourceIp: true}, warmup: {minimumPercent: 150}}}},
    want: [
      ['ISTIO_DR_BAD_LOAD_BALANCER', 'error', '/spec/trafficPolicy/loadBalancer/consistentHash/maglev/tableSize', 'tableSize must be a prime number for maglev'],
      ['ISTIO_DR_BAD_LOAD_BALANCER', 'error', '/spec/trafficPolicy/loadBalancer/warmup/duration', 'duration is required'],
      ['ISTIO_DR_BAD_LOAD_BALANCER', 'error', '/spec/trafficPolicy/loadBalancer/warmup/minimumPercent', 'minimumPercent value should be less than or equal to 100'],
    ],
  },

  {
    upstream: 'validateLoadBalancer (1.31)',
    name: 'warmup aggression: any positive value since 1.31',
    kind: 'DestinationRule',
    version: '1.31',
    spec: {host: 'a.example.com', trafficPolicy: {loadBalancer: {warmup: {duration: '60s', aggression: 0.5}}}},
    want: [],
  },
  {
    upstream: 'validateLoadBalancer (1.30)',
    name: 'warmup aggression: at least 1 before 1.31',
    kind: 'DestinationRule',
    spec: {host: 'a.example.com', trafficPolicy: {loadBalancer: {warmup: {duration: '60s', aggression: 0.5}}}},
    want: [['ISTIO_DR_BAD_LOAD_BALANCER', 'error', '/spec/trafficPolicy/loadBalancer/warmup/aggression', 'aggression should be greater than or equal to 1']],
  },
  {
    upstream: 'validateConnectionPool (1.31)',
    name: 'an HTTP/2 keepalive needs interval and timeout',
    kind: 'DestinationRule',
    version: '1.31',
    spec: {host: 'a.example.com', trafficPolicy: {connectionPool: {http: {http2KeepAlive: {interval: '15s'}}}}},
    want: [['ISTIO_BAD_CONNECTION_POOL', 'error', '/spec/trafficPolicy/connectionPool/http/http2KeepAlive/timeout', 'http2 keepalive timeout is required']],
  },
  {
    upstream: 'validateLoadBalancer / agent.ValidateZoneAwareLbSetting (1.31)',
    name: 'locality and zone-aware settings together',
    kind: 'DestinationRule',
    version: '1.31',
    spec: {
      host: 'a.example.com',
      trafficPolicy: {
        outlierDetection: {interval: '10s'},
        loadBalancer: {localityLbSetting: {failover: [{from: 'us', to: 'eu'}]}, zoneAwareLbSetting: {failover: [{from: 'us/a', to: 'us/a'}]}},
      },
    },
    want: [
      ['ISTIO_DR_BAD_LOAD_BALANCER', 'error', '/spec/trafficPolicy/loadBalancer', 'only one of localityLbSetting and zoneAwareLbSetting can be set'],
      ['ISTIO_DR_BAD_LOCALITY', 'error', '/spec/trafficPolicy/loadBalancer/zoneAwareLbSetting', 'zone aware lb failover settings must specify different regions'],
      [
        'ISTIO_DR_BAD_LOCALITY',
        'error',
        '/spec/trafficPolicy/loadBalancer/zoneAwareLbSetting',
        'zone aware lb failover only specifies region; zone and subzone failover are handled automatically',
      ],
    ],
  },
  {
    upstream: 'validateHTTPRedirect (1.31)',
    name: 'prefixRewrite needs prefix matches',
    kind: 'VirtualService',
    version: '1.31',
    spec: vs({http: [{match: [{uri: {regex: '/a.*'}}], redirect: {prefixRewrite: '/b'}}]}),
    want: [['ISTIO_VS_BAD_REDIRECT', 'error', '/spec/http/0/redirect', 'redirect prefix_rewrite requires all URI matches to use prefix match type']],
  },

  // Gateway
  {
    upstream: 'validateServer / agent.ValidateNamespaceSlashWildcardHostname',
    name: 'partial wildcards, namespaces, short names; an IP is a host',
    kind: 'Gateway',
    spec: {servers: [{port: http80, hosts: ['*a.example.com', 'Bad_NS/a.example.com', 'short', '10.0.0.1', 'ns/*']}]},
    want: [
      ['ISTIO_GW_BAD_HOST', 'error', '/spec/servers/0/hosts/0', 'partial wildcard "*a.example.com" not allowed'],
      ['ISTIO_GW_BAD_HOST', 'error', '/spec/servers/0/hosts/1', 'invalid namespace value "Bad_NS" in gateway'],
      ['ISTIO_GW_BAD_HOST', 'error', '/spec/servers/0/hosts/2', 'short names (non FQDN) are not allowed'],
    ],
  },
  {
    upstream: 'validateServerPort',
    name: 'port range',
    kind: 'Gateway',
    spec: {servers: [{port: {number: 70000, name: 'http', protocol: 'HTTP'}, hosts: ['*']}]},
    want: [['ISTIO_GW_BAD_PORT', 'error', '/spec/servers/0/port/number', 'port number 70000 must be in the range 1..65535']],
  },
  {
    upstream: 'validateServer',
    name: 'TLS options on a plain HTTP server',
    kind: 'Gateway',
    spec: {servers: [{port: http80, hosts: ['*'], tls: {mode: 'SIMPLE', credentialName: 'c'}}]},
    want: [['ISTIO_GW_TLS_ON_PLAINTEXT', 'error', '/spec/servers/0/tls', 'server cannot have TLS settings for plain text HTTP ports']],
  },
  {upstream: 'validateServer', name: 'an httpsRedirect is allowed on HTTP', kind: 'Gateway', spec: {servers: [{port: http80, hosts: ['*'], tls: {httpsRedirect: true}}]}, want: []},
  {
    upstream: 'validateTLSOptions',
    name: 'SIMPLE and MUTUAL without the key or CA they need',
    kind: 'Gateway',
    spec: {
      servers: [
        {port: {number: 443, name: 'https', protocol: 'HTTPS'}, hosts: ['*'], tls: {mode: 'SIMPLE', serverCertificate: '/c.pem'}},
        {port: {number: 8443, name: 'mtls', protocol: 'HTTPS'}, hosts: ['*'], tls: {mode: 'MUTUAL', serverCertificate: '/c.pem', privateKey: '/k.pem'}},
      ],
    },
    want: [
      ['ISTIO_GW_BAD_TLS', 'error', '/spec/servers/0/tls', 'SIMPLE TLS requires a private key'],
      ['ISTIO_GW_BAD_TLS', 'error', '/spec/servers/1/tls', 'MUTUAL TLS requires a client CA bundle'],
    ],
  },
  {
    upstream: 'ValidateGateway',
    name: 'duplicate port names, and a name that is not a DNS label',
    kind: 'Gateway',
    metadata: {name: 'my.gw'},
    spec: {
      servers: [
        {port: http80, hosts: ['*']},
        {port: {number: 81, name: 'http', protocol: 'HTTP'}, hosts: ['*']},
      ],
    },
    want: [
      ['ISTIO_GW_BAD_NAME', 'error', '/metadata/name', 'invalid gateway name: "my.gw"'],
      ['ISTIO_GW_DUPLICATE_PORT_NAME', 'error', '/spec/servers/1/port/name', 'port names in servers must be unique: duplicate name http'],
    ],
  },

  // Sidecar
  {upstream: 'ValidateSidecar', name: 'an empty spec', kind: 'Sidecar', spec: {}, want: [['ISTIO_SIDECAR_EMPTY', 'error', '/spec', 'sidecar: empty configuration provided']]},
  {
    upstream: 'ValidateSidecar',
    name: 'egress listeners: hosts, a port-less one not last, duplicate ports',
    kind: 'Sidecar',
    spec: {egress: [{hosts: ['./*']}, {port: {number: 80, protocol: 'HTTP', name: 'http'}, hosts: []}, {port: {number: 80, protocol: 'SOAP'}, hosts: ['ns/*x.example.com']}]},
    want: [
      ['ISTIO_SIDECAR_BAD_LISTENER', 'error', '/spec/egress/0', 'sidecar: the egress listener with empty port should be the last listener in the list'],
      ['ISTIO_SIDECAR_NO_HOSTS', 'error', '/spec/egress/1/hosts', 'sidecar: egress listener must contain at least one host'],
      ['ISTIO_SIDECAR_BAD_PORT', 'error', '/spec/egress/2/port/protocol', 'unsupported protocol: SOAP'],
      ['ISTIO_SIDECAR_DUPLICATE_PORT', 'error', '/spec/egress/2/port/number', 'sidecar: ports on IP bound listeners must be unique'],
      ['ISTIO_SIDECAR_BAD_HOST', 'error', '/spec/egress/2/hosts/0', 'partial wildcard "*x.example.com" not allowed'],
    ],
  },
  {
    upstream: 'ValidateSidecar / agent.ValidateNamespaceSlashWildcardHostname',
    name: 'hosts must be ns/dnsName',
    kind: 'Sidecar',
    spec: {egress: [{hosts: ['example.com', '*/*', 'ns/a.example.com']}]},
    want: [
      ['ISTIO_SIDECAR_BAD_HOST', 'error', '/spec/egress/0/hosts/0', 'host must be of form namespace/dnsName'],
      ['ISTIO_SIDECAR_DUPLICATE_HOST', 'warning', '/spec/egress/0/hosts', '`*/*` host select all resources, no other hosts can be added'],
    ],
  },
  {
    upstream: 'agent.ValidateNamespaceSlashWildcardHostname (1.31)',
    name: 'an excluded namespace ~ns/…',
    kind: 'Sidecar',
    version: '1.31',
    spec: {egress: [{hosts: ['*/*', '~prod/*']}]},
    want: [],
  },
  {
    upstream: 'agent.ValidateNamespaceSlashWildcardHostname (1.30)',
    name: 'no exclusions before 1.31',
    kind: 'Sidecar',
    spec: {egress: [{hosts: ['~prod/*']}]},
    want: [['ISTIO_SIDECAR_BAD_HOST', 'error', '/spec/egress/0/hosts/0', 'invalid namespace value "~prod" in sidecar']],
  },
  {
    upstream: 'validateSidecarOutboundTrafficPolicy',
    name: 'egressProxy needs ALLOW_ANY',
    kind: 'Sidecar',
    spec: {outboundTrafficPolicy: {mode: 'REGISTRY_ONLY', egressProxy: {host: 'proxy.example.com', port: {number: 3128}}}},
    want: [
      ['ISTIO_SIDECAR_BAD_EGRESS_PROXY', 'error', '/spec/outboundTrafficPolicy/egressProxy', 'sidecar: egress_proxy must be set only with ALLOW_ANY outbound_traffic_policy mode'],
    ],
  },
  {
    upstream: 'validateSidecarOutboundTrafficPolicy',
    name: 'egressProxy needs a port',
    kind: 'Sidecar',
    spec: {outboundTrafficPolicy: {mode: 'ALLOW_ANY', egressProxy: {host: 'proxy.example.com'}}},
    want: [['ISTIO_SIDECAR_BAD_EGRESS_PROXY', 'error', '/spec/outboundTrafficPolicy/egressProxy', 'sidecar: egress_proxy port must be non-nil']],
  },
]

describe('istiod webhook rules', () => {
  test.each(rows)('$upstream: $name', ({kind, spec, metadata, version, want}) => {
    const r = load(kind, spec, metadata)
    const got = webhook(r, version).filter((d) => !ANALYZER.has(d.code))
    expect(got.map((d): Finding => [d.code, d.severity, d.source.path, d.message])).toEqual(want)
  })
})

describe('what istiod accepts is not rejected (CRD schema and webhook together)', () => {
  test.each([
    {name: 'a delegate VirtualService without hosts', kind: 'VirtualService' as const, spec: {http: [{match: [{uri: {prefix: '/api'}}], route: route()}]}},
    {
      name: 'an auto-generated SNI host on a gateway-bound TLS route',
      kind: 'VirtualService' as const,
      spec: {hosts: ['*.mesh'], gateways: ['istio-system/eastwest'], tls: [{match: [{sniHosts: ['outbound_.80_._.e2e.foobar.mesh']}], route: route('e2e.foobar.mesh')}]},
    },
    {name: 'an IP address as SNI host (a warning)', kind: 'VirtualService' as const, spec: {hosts: ['a.example.com'], tls: [{match: [{sniHosts: ['1.2.3.4']}], route: route()}]}},
    {name: 'an absolute FQDN host', kind: 'ServiceEntry' as const, spec: {hosts: ['httpbin.org.'], ports: [http80], resolution: 'DNS'}},
  ])('$name', ({kind, spec}) => {
    const errors = validateIstio({resources: [load(kind, spec)]}).filter((d) => d.severity === 'error')
    expect(errors.map((d) => d.message)).toEqual([])
  })
})
