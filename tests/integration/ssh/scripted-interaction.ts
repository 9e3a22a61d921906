// A scripted person for SSH tests: answers from queues, and a record of every question asked
// (so tests can assert what was asked, how often, and that secrets were asked again after a
// wrong answer).
import type { HostKeyDecision, HostKeyQuestion, KeyboardInteractiveRequest, SecretRequest } from '../../../src/shared/model/ssh'
import type { SecretAnswer, SshInteraction } from '../../../src/main/services/ssh/types'

export interface Script {
  hostKey?: HostKeyDecision[]
  secrets?: (string | SecretAnswer | null)[]
  keyboard?: (string[] | null)[]
}

export interface ScriptedInteraction extends SshInteraction {
  asked: { hostKey: HostKeyQuestion[]; secrets: SecretRequest[]; keyboard: KeyboardInteractiveRequest[] }
}

export function scripted(script: Script = {}): ScriptedInteraction {
  const hostKey = [...(script.hostKey ?? [])]
  const secrets = [...(script.secrets ?? [])]
  const keyboard = [...(script.keyboard ?? [])]
  const asked: ScriptedInteraction['asked'] = { hostKey: [], secrets: [], keyboard: [] }
  return {
    asked,
    async confirmHostKey(info) {
      asked.hostKey.push(info)
      return hostKey.shift() ?? 'reject'
    },
    async askSecret(req) {
      asked.secrets.push(req)
      return secrets.length ? secrets.shift()! : null
    },
    async keyboardInteractive(req) {
      asked.keyboard.push(req)
      return keyboard.length ? keyboard.shift()! : null
    }
  }
}
