/**
 * Builds the small configurations used to record keepalived's verdicts on value-block lines
 * (`value-line-verdicts.json`): one line inside a vrrp_instance value block, or one
 * virtual_server_group line.
 */

const HEAD =
  'global_defs {\n enable_script_security\n script_user root\n}\nvrrp_script chk {\n script /bin/true\n}\ntrack_file tf {\n file /tmp/kfz/file\n}\n';

/** The configuration text for `line` inside `block`, and the line number of `line`. */
export function valueLineConfig(block: string, line: string): { text: string; lineNo: number } {
  const text =
    block === 'virtual_server_group'
      ? `${HEAD}virtual_server_group G {\n${line}\n}\nvirtual_server group G {\n lb_algo rr\n lb_kind NAT\n protocol TCP\n real_server 192.0.2.6 80 {\n  TCP_CHECK {\n  }\n }\n}\n`
      : `${HEAD}vrrp_instance V {\n interface d0\n virtual_router_id 51\n virtual_ipaddress {\n  192.0.2.1/24\n }\n ${block} {\n${line}\n }\n}\n`;
  return { text, lineNo: text.split('\n').indexOf(line) + 1 };
}
