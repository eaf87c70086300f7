/** The parts of core Kubernetes kinds that egress decisions depend on. */

export interface PodSpec {
  serviceAccountName?: string
  serviceAccount?: string
  containers?: Array<{name?: string; image?: string; ports?: Array<{containerPort?: number; name?: string}>}>
}

export interface PodTemplate {
  metadata?: {labels?: Record<string, string>; annotations?: Record<string, string>}
  spec?: PodSpec
}

/** Deployment, StatefulSet, DaemonSet, ReplicaSet, Job: the pod template is what matters. */
export interface WorkloadSpec {
  selector?: {matchLabels?: Record<string, string>}
  template?: PodTemplate
}

export interface ServiceSpec {
  type?: string
  clusterIP?: string
  selector?: Record<string, string>
  externalName?: string
  ports?: Array<{name?: string; port: number; targetPort?: number | string; protocol?: string; appProtocol?: string}>
}

export interface LabelSelector {
  matchLabels?: Record<string, string>
  matchExpressions?: Array<{key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: string[]}>
}

export interface NetworkPolicySpec {
  podSelector?: LabelSelector
  policyTypes?: Array<'Ingress' | 'Egress'>
  egress?: Array<{
    to?: Array<{podSelector?: LabelSelector; namespaceSelector?: LabelSelector; ipBlock?: {cidr: string; except?: string[]}}>
    ports?: Array<{protocol?: 'TCP' | 'UDP' | 'SCTP'; port?: number | string; endPort?: number}>
  }>
}
