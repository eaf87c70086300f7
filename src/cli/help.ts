import {Help} from '@oclif/core'

/** Usage lines say `kubectl egress …`, as users invoke the plugin (Krew's plugin guidelines). */
export default class KubectlPluginHelp extends Help {
  protected override log(...args: string[]): void {
    super.log(...args.map((a) => a.replaceAll('$ kubectl-egress', '$ kubectl egress')))
  }
}
