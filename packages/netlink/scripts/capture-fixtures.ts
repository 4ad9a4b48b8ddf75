/**
 * Captures the byte fixtures of packages/netlink/test/fixtures from the real kernel, in a fresh
 * network namespace (root needed): run with `npx tsx packages/netlink/scripts/capture-fixtures.ts`.
 * Each fixture is one datagram in hex, exactly as recvmsg returned it.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { interfaceInfo, NetlinkSocket } from '@ha/socket';
import {
  AttributeEncoder,
  CTRL_ATTR,
  CTRL_CMD,
  encodeAddress,
  encodeGeneric,
  encodeIfinfomsg,
  encodeMessage,
  GENL_ID_CTRL,
  IFLA,
  NLM_F,
  RTM,
  RTNLGRP,
} from '../src/index.js';

const ns = `hask-fx-${process.pid}`;
const out = new URL('../test/fixtures/', import.meta.url);
const ip = (...args: string[]): void => {
  execFileSync('ip', ['-n', ns, ...args]);
};

function next(sock: NetlinkSocket): Promise<Buffer> {
  return new Promise((resolve) => sock.once('message', (d) => resolve(d)));
}

execFileSync('ip', ['netns', 'add', ns]);
try {
  ip('link', 'add', 'hask0', 'address', '02:00:5e:00:01:01', 'type', 'veth', 'peer', 'name', 'hask1');
  ip('link', 'set', 'hask1', 'address', '02:00:5e:00:01:02');
  ip('link', 'set', 'hask0', 'up');
  ip('link', 'set', 'hask1', 'up');
  const events = NetlinkSocket.open(0, { netns: ns, groups: [RTNLGRP.IPV4_IFADDR, RTNLGRP.IPV6_IFADDR] });
  const req = NetlinkSocket.open(0, { netns: ns });
  const index = interfaceInfo('hask0', { netns: ns }).index;
  const save = (name: string, b: Buffer): void => writeFileSync(new URL(name, out), `${b.toString('hex')}\n`);

  let ev = next(events);
  let ack = next(req);
  const add4 = encodeMessage({
    type: RTM.NEWADDR,
    flags: NLM_F.REQUEST | NLM_F.ACK | NLM_F.CREATE | NLM_F.EXCL,
    seq: 1,
    pid: 0,
    payload: encodeAddress({ index, address: '192.0.2.10', prefixLength: 24, label: 'hask0:1' }),
  });
  save('request-newaddr-v4-label.hex', add4);
  req.send(add4);
  save('ack.hex', await ack);
  save('newaddr-v4-label.hex', await ev);

  ev = next(events);
  ack = next(req);
  req.send(
    encodeMessage({
      type: RTM.NEWADDR,
      flags: NLM_F.REQUEST | NLM_F.ACK | NLM_F.CREATE | NLM_F.EXCL,
      seq: 2,
      pid: 0,
      payload: encodeAddress({ index, address: '2001:db8::10', prefixLength: 64, nodad: true }),
    }),
  );
  await ack;
  save('newaddr-v6-nodad.hex', await ev);

  ack = next(req);
  req.send(add4);
  save('error-eexist-extack.hex', await ack);

  ack = next(req);
  req.send(
    encodeMessage({
      type: RTM.GETLINK,
      flags: NLM_F.REQUEST | NLM_F.ACK,
      seq: 3,
      pid: 0,
      payload: Buffer.concat([
        encodeIfinfomsg({}),
        new AttributeEncoder().string(IFLA.IFNAME, 'hask0').encode(),
      ]),
    }),
  );
  save('newlink-veth.hex', await ack);

  const g = NetlinkSocket.open(16, { netns: ns });
  ack = next(g);
  g.send(
    encodeMessage({
      type: GENL_ID_CTRL,
      flags: NLM_F.REQUEST,
      seq: 4,
      pid: 0,
      payload: encodeGeneric(
        CTRL_CMD.GETFAMILY,
        1,
        new AttributeEncoder().string(CTRL_ATTR.FAMILY_NAME, 'nlctrl').encode(),
      ),
    }),
  );
  save('ctrl-newfamily-nlctrl.hex', await ack);
  g.close();
  events.close();
  req.close();
} finally {
  execFileSync('ip', ['netns', 'del', ns]);
}
