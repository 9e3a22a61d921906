// etcdctl's JSON as etcd 3.6.16 and Debian's 3.4.23 print it (captured from real runs), with
// 64-bit member and cluster ids that JSON.parse alone would round.
import { describe, expect, it } from 'vitest'
import { etcdctlCommand, parseAlarms, parseEndpointHealth, parseEndpointStatus, parseMemberList, parseSnapshotStatus, parseToolVersion } from './etcdctl'
import { quote as q, sh } from '../shell'

describe('etcdctl output', () => {
  it('keeps 64-bit ids exact (hex, as member list --hex prints them)', () => {
    const status = parseEndpointStatus(
      '[{"Endpoint":"http://127.0.0.1:32379","Status":{"header":{"cluster_id":13455796455940752355,"member_id":443629905751424238,"revision":201,"raft_term":2},"version":"3.6.16","dbSize":40960,"leader":443629905751424238,"raftIndex":204,"raftTerm":2,"raftAppliedIndex":204,"dbSizeInUse":40960,"storageVersion":"3.6.0","dbSizeQuota":2147483648,"downgradeInfo":{}}}]'
    )
    expect(status).toEqual([
      expect.objectContaining({
        endpoint: 'http://127.0.0.1:32379',
        memberId: (443629905751424238n).toString(16),
        clusterId: (13455796455940752355n).toString(16),
        isLeader: true,
        version: '3.6.16',
        dbSize: 40960,
        raftIndex: 204
      })
    ])
    expect(BigInt('0x' + status[0].clusterId)).toBe(13455796455940752355n)
    // What JSON.parse alone would have made of it:
    expect(BigInt(JSON.parse('13455796455940752355'))).not.toBe(13455796455940752355n)
    const list = parseMemberList(
      '{"header":{"cluster_id":10676772073483275023,"member_id":9458622329399208133,"raft_term":2},"members":[{"ID":9458622329399208133,"name":"e1","peerURLs":["http://127.0.0.1:32480"],"clientURLs":["http://127.0.0.1:32479"]}]}'
    )
    expect(list).toEqual({ clusterId: (10676772073483275023n).toString(16), members: [{ id: (9458622329399208133n).toString(16), name: 'e1', peerUrls: ['http://127.0.0.1:32480'], clientUrls: ['http://127.0.0.1:32479'], isLearner: false }] })
  })

  it('reads health with unreachable endpoints, alarms, and snapshot status from etcdutl and etcdctl 3.4', () => {
    expect(
      parseEndpointHealth('[{"endpoint":"http://127.0.0.1:32379","health":true,"took":"3.764477ms"},{"endpoint":"http://127.0.0.1:32999","health":false,"took":"2.00066363s","error":"context deadline exceeded"}]')
    ).toEqual([
      { endpoint: 'http://127.0.0.1:32379', healthy: true, tookMs: 3.76, error: undefined },
      { endpoint: 'http://127.0.0.1:32999', healthy: false, tookMs: 2000.66, error: 'context deadline exceeded' }
    ])
    expect(parseAlarms('{}')).toEqual([])
    expect(parseAlarms('{"header":{"cluster_id":13455796455940752355},"alarms":[{"memberID":443629905751424238,"alarm":1}]}')).toEqual([{ memberId: (443629905751424238n).toString(16), alarm: 'NOSPACE' }])
    expect(parseSnapshotStatus('{"hash":3540269458,"revision":201,"totalKey":200,"totalSize":40960,"version":"3.6.0"}')).toEqual({ hash: 3540269458, revision: 201, totalKey: 200, totalSize: 40960, version: '3.6.0' })
    expect(parseSnapshotStatus('{"hash":1016294557,"revision":21,"totalKey":24,"totalSize":20480}')).toMatchObject({ revision: 21, totalKey: 24 })
    expect(() => parseMemberList('Error: context deadline exceeded')).toThrow(/Could not read the output of etcdctl member list: Error: context deadline exceeded/)
  })

  it('reads tool versions and builds command lines with quoting', () => {
    expect(parseToolVersion('etcdutl version: 3.6.16\nAPI version: 3.6')).toBe('3.6.16')
    expect(parseToolVersion('etcdctl version: 3.4.23\nAPI version: 3.4')).toBe('3.4.23')
    expect(q('/opt/etcd/ssl/ca.pem')).toBe('/opt/etcd/ssl/ca.pem')
    expect(q("it's")).toBe("'it'\\''s'")
    expect(etcdctlCommand({ etcdctl: '/opt/etcd/bin/etcdctl', endpoints: ['https://a:2379', 'https://b:2379'], ca: '/opt/etcd/ssl/ca.pem', cert: '/opt/etcd/ssl/server.pem', key: '/opt/etcd/ssl/server-key.pem' }, sh`endpoint health`).text).toBe(
      'ETCDCTL_API=3 /opt/etcd/bin/etcdctl --endpoints=https://a:2379,https://b:2379 --cacert=/opt/etcd/ssl/ca.pem --cert=/opt/etcd/ssl/server.pem --key=/opt/etcd/ssl/server-key.pem endpoint health'
    )
  })
})
