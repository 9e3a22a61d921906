// Every keyword OpenSSH 9.2's ssh_config accepts (Debian's build: GSSAPI and PKCS#11 on), with
// how Kubedeck treats it. Keywords Kubedeck does not model are still recognised, so a config
// ssh accepts is never rejected; their values are not checked or printed.

export type KeywordKind =
  | 'host'
  | 'match'
  | 'include'
  | 'flag'
  | 'strict-host-key-checking'
  | 'pubkey-authentication'
  | 'address-family'
  | 'request-tty'
  | 'compression'
  | 'canonicalize-hostname'
  | 'int'
  | 'time'
  | 'port'
  | 'string'
  | 'identity-file'
  | 'certificate-file'
  | 'known-hosts-files'
  | 'send-env'
  | 'set-env'
  | 'proxy-command'
  | 'proxy-jump'
  | 'identity-agent'
  | 'forward-agent'
  | 'ignore-unknown'
  | 'other'
  | 'deprecated'
  | 'unsupported'
  | 'ignore'

export interface Keyword {
  kind: KeywordKind
  /** The option's name as ssh -G prints it (aliases map to it). */
  name: string
}

const table: [string, KeywordKind, string?][] = [
  ['host', 'host'],
  ['match', 'match'],
  ['include', 'include'],
  ['protocol', 'ignore'],
  ...(['cipher', 'fallbacktorsh', 'globalknownhostsfile2', 'rhostsauthentication', 'userknownhostsfile2', 'useroaming', 'usersh', 'useprivilegedport'] as const).map(
    (k): [string, KeywordKind] => [k, 'deprecated']
  ),
  ...(['afstokenpassing', 'kerberosauthentication', 'kerberostgtpassing', 'rsaauthentication', 'rhostsrsaauthentication', 'compressionlevel'] as const).map(
    (k): [string, KeywordKind] => [k, 'unsupported']
  ),
  ['batchmode', 'flag'],
  ['checkhostip', 'flag'],
  ['hashknownhosts', 'flag'],
  ['identitiesonly', 'flag'],
  ['kbdinteractiveauthentication', 'flag'],
  ['challengeresponseauthentication', 'flag', 'kbdinteractiveauthentication'],
  ['skeyauthentication', 'flag', 'kbdinteractiveauthentication'],
  ['tisauthentication', 'flag', 'kbdinteractiveauthentication'],
  ['passwordauthentication', 'flag'],
  ['tcpkeepalive', 'flag'],
  ['keepalive', 'flag', 'tcpkeepalive'],
  ['pubkeyauthentication', 'pubkey-authentication'],
  ['dsaauthentication', 'pubkey-authentication', 'pubkeyauthentication'],
  ['stricthostkeychecking', 'strict-host-key-checking'],
  ['addressfamily', 'address-family'],
  ['requesttty', 'request-tty'],
  ['compression', 'compression'],
  ['canonicalizehostname', 'canonicalize-hostname'],
  ['connectionattempts', 'int'],
  ['numberofpasswordprompts', 'int'],
  ['serveralivecountmax', 'int'],
  ['serveraliveinterval', 'time'],
  ['connecttimeout', 'time'],
  ['port', 'port'],
  ['user', 'string'],
  ['hostname', 'string'],
  ['hostkeyalias', 'string'],
  ['preferredauthentications', 'string'],
  ['identityfile', 'identity-file'],
  ['identityfile2', 'identity-file', 'identityfile'],
  ['certificatefile', 'certificate-file'],
  ['globalknownhostsfile', 'known-hosts-files'],
  ['userknownhostsfile', 'known-hosts-files'],
  ['sendenv', 'send-env'],
  ['setenv', 'set-env'],
  ['proxycommand', 'proxy-command'],
  ['proxyjump', 'proxy-jump'],
  ['identityagent', 'identity-agent'],
  ['forwardagent', 'forward-agent'],
  ['ignoreunknown', 'ignore-unknown'],
  ...(
    [
      'gssapiauthentication',
      'gssapidelegatecredentials',
      'gssapikeyexchange',
      'gssapiclientidentity',
      'gssapiserveridentity',
      'gssapirenewalforcesrekey',
      'gssapikexalgorithms',
      'gssapitrustdns',
      'pkcs11provider',
      'smartcarddevice',
      'forwardx11',
      'forwardx11trusted',
      'forwardx11timeout',
      'exitonforwardfailure',
      'xauthlocation',
      'gatewayports',
      'kbdinteractivedevices',
      'hostbasedauthentication',
      'addkeystoagent',
      'ciphers',
      'macs',
      'remoteforward',
      'localforward',
      'permitremoteopen',
      'escapechar',
      'syslogfacility',
      'loglevel',
      'logverbose',
      'dynamicforward',
      'hostkeyalgorithms',
      'casignaturealgorithms',
      'bindaddress',
      'bindinterface',
      'clearallforwardings',
      'enablesshkeysign',
      'verifyhostkeydns',
      'nohostauthenticationforlocalhost',
      'rekeylimit',
      'controlpath',
      'controlmaster',
      'controlpersist',
      'tunnel',
      'tunneldevice',
      'localcommand',
      'permitlocalcommand',
      'remotecommand',
      'visualhostkey',
      'kexalgorithms',
      'ipqos',
      'sessiontype',
      'stdinnull',
      'forkafterauthentication',
      'proxyusefdpass',
      'canonicaldomains',
      'canonicalizefallbacklocal',
      'canonicalizemaxdots',
      'canonicalizepermittedcnames',
      'streamlocalbindmask',
      'streamlocalbindunlink',
      'revokedhostkeys',
      'fingerprinthash',
      'updatehostkeys',
      'hostbasedacceptedalgorithms',
      'hostbasedkeytypes',
      'pubkeyacceptedalgorithms',
      'pubkeyacceptedkeytypes',
      'securitykeyprovider',
      'knownhostscommand',
      'requiredrsasize',
      'enableescapecommandline',
      'useblacklistedkeys'
    ] as const
  ).map((k): [string, KeywordKind] => [k, 'other'])
]

export const keywords: ReadonlyMap<string, Keyword> = new Map(table.map(([k, kind, name]) => [k, { kind, name: name ?? k }]))

/** Keywords whose value is printed by `kubedeck ssh config`, in ssh -G's order. */
export const printedKeywords = [
  'host',
  'user',
  'hostname',
  'port',
  'addressfamily',
  'batchmode',
  'checkhostip',
  'compression',
  'hashknownhosts',
  'identitiesonly',
  'kbdinteractiveauthentication',
  'passwordauthentication',
  'pubkeyauthentication',
  'requesttty',
  'stricthostkeychecking',
  'tcpkeepalive',
  'connectionattempts',
  'numberofpasswordprompts',
  'serveralivecountmax',
  'serveraliveinterval',
  'hostkeyalias',
  'identityagent',
  'preferredauthentications',
  'identityfile',
  'certificatefile',
  'globalknownhostsfile',
  'userknownhostsfile',
  'sendenv',
  'setenv',
  'forwardagent',
  'connecttimeout',
  'proxycommand',
  'proxyjump'
] as const
