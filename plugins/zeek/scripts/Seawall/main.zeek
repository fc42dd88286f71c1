##! Seawall inside Zeek: maps Zeek's events onto the Seawall::Core BiFs and writes every alert to
##! seawall.log with the EVE alert's fields, geo/ASN of both ends and the network zone.

@load base/frameworks/notice
@load base/protocols/conn
@load base/protocols/http
@load ./options

module Seawall;

export {
	redef enum Log::ID += { LOG };

	## One alert as the core raised it (filled by the plugin, alerts.cc).
	type Alert: record {
		id: string;
		gid: count;
		sid: count;
		rev: count;
		signature: string;
		category: string;
		severity: count;
		severity_name: string;
		attack: string_vec;
		evidence: table[string] of string;
		src: addr &optional;
		dst: addr &optional;
		sport: count &optional;
		dport: count &optional;
		proto: count &optional;
		ts: time;
	};

	## Raised by the plugin for every alert; `uid` is the connection's (or tunnel's) uid.
	global alert: event(uid: string, a: Alert);

	## seawall.log: the columns of an EVE alert (docs/eve.md) plus enrichment.
	type Info: record {
		ts: time &log;
		uid: string &log;
		community_id: string &log &optional;
		src_ip: addr &log &optional;
		src_port: count &log &optional;
		dest_ip: addr &log &optional;
		dest_port: count &log &optional;
		proto: count &log &optional;
		id: string &log;
		gid: count &log;
		sid: count &log;
		rev: count &log;
		signature: string &log;
		category: string &log;
		severity: count &log;
		attack: string_vec &log;
		evidence: table[string] of string &log;
		src_country: string &log &optional;
		src_asn: count &log &optional;
		src_as_org: string &log &optional;
		src_zone: string &log &optional;
		dest_country: string &log &optional;
		dest_asn: count &log &optional;
		dest_as_org: string &log &optional;
		dest_zone: string &log &optional;
	};

	global log_seawall: event(rec: Info);
}

# Which network set an address falls in, most specific role first, for the *_zone columns.
function zone_of(a: addr): string
	{
	if ( a in infra ) return "infra";
	if ( a in noc ) return "noc";
	if ( a in aaa ) return "aaa";
	if ( a in nms ) return "nms";
	if ( a in file_servers ) return "file_servers";
	if ( a in syslog ) return "syslog";
	if ( a in tunnel_peers ) return "tunnel_peers";
	if ( a in erspan_collectors ) return "erspan_collectors";
	if ( a in edge_apps ) return "edge_apps";
	if ( a in own ) return "own";
	return "external";
	}

function add_sets(name: string, nets: set[subnet])
	{
	for ( n in nets )
		seawall_add_net(name, n);
	}

event zeek_init() &priority=5
	{
	Log::create_stream(LOG, [$columns=Info, $ev=log_seawall, $path="seawall"]);
	if ( ! seawall_open(catalog_file) )
		return;
	if ( config_file != "" )
		seawall_load_config(config_file);
	else
		{
		add_sets("infra", infra); add_sets("noc", noc); add_sets("aaa", aaa);
		add_sets("nms", nms); add_sets("file_servers", file_servers); add_sets("syslog", syslog);
		add_sets("tunnel_peers", tunnel_peers);
		add_sets("erspan_collectors", erspan_collectors);
		add_sets("edge_apps", edge_apps); add_sets("own", own);
		}
	if ( seawall_start() && ! seawall_ready() )
		Reporter::warning("Seawall: no network set configured (Seawall::infra, ... or Seawall::config_file): the context-aware detections cannot fire");
	}

# ---- flows -----------------------------------------------------------------------------------

# The outermost tunnel of a connection and its GRE type (sniffed when it was discovered).
global tunnel_gre_proto: table[string] of count &create_expire=1 day;

function observe(c: connection, phase: count)
	{
	local state = c?$conn && c$conn?$conn_state ? c$conn$conn_state : "";
	local service = join_string_set(c$service, ",");
	if ( c?$tunnel && |c$tunnel| > 0 )
		{
		local t = c$tunnel[0];
		local gre = t?$uid && t$uid in tunnel_gre_proto ? tunnel_gre_proto[t$uid] : 0;
		seawall_observe_conn(c, phase, state, service, cat(t$tunnel_type),
		                     cat(t$cid$orig_h), cat(t$cid$resp_h), gre);
		}
	else
		seawall_observe_conn(c, phase, state, service, "", "", "", 0);
	}

event new_connection(c: connection)
	{
	observe(c, 0);
	}

event connection_established(c: connection)
	{
	observe(c, 1);
	}

event connection_state_remove(c: connection) &priority=-5
	{
	# After base/protocols/conn has filled c$conn (conn_state), before it is logged away.
	observe(c, 2);
	}

# GRE and ERSPAN both arrive as Tunnel::GRE; the GRE type is read from the packet that made
# Zeek discover the tunnel (shared/docs/hosts.md), then the outer ends become a GRE flow.
event tunnel_changed(c: connection, e: EncapsulatingConnVector)
	{
	if ( |e| == 0 )
		return;
	local t = e[0];
	if ( t$tunnel_type != Tunnel::GRE || ! t?$uid )
		return;
	if ( t$uid !in tunnel_gre_proto )
		{
		local p = get_current_packet();
		tunnel_gre_proto[t$uid] = seawall_gre_proto(p$data, p$link_type == LINK_ETHERNET);
		}
	seawall_observe_tunnel(t$uid, t$cid$orig_h, t$cid$resp_h, network_time(),
	                       tunnel_gre_proto[t$uid]);
	}

# new_connection runs before tunnel_changed for the first inner connection; tunnels seen by
# new_connection's c$tunnel are reported here too, so no tunnel waits for a change.
event new_connection(c: connection) &priority=10
	{
	if ( ! c?$tunnel || |c$tunnel| == 0 )
		return;
	local t = c$tunnel[0];
	if ( t$tunnel_type != Tunnel::GRE || ! t?$uid || t$uid in tunnel_gre_proto )
		return;
	local p = get_current_packet();
	tunnel_gre_proto[t$uid] = seawall_gre_proto(p$data, p$link_type == LINK_ETHERNET);
	seawall_observe_tunnel(t$uid, t$cid$orig_h, t$cid$resp_h, network_time(),
	                       tunnel_gre_proto[t$uid]);
	}

# ---- application events ------------------------------------------------------------------------

event ssh_client_version(c: connection, version: string)
	{
	seawall_observe_ssh_banner(c, T, version);
	}

event ssh_server_version(c: connection, version: string)
	{
	seawall_observe_ssh_banner(c, F, version);
	}

function snmp_community(h: SNMP::Header): string
	{
	if ( h?$v1 ) return h$v1$community;
	if ( h?$v2 ) return h$v2$community;
	return "";
	}

event snmp_get_request(c: connection, is_orig: bool, header: SNMP::Header, pdu: SNMP::PDU)
	{
	seawall_observe_snmp(c, is_orig, header$version, "get", snmp_community(header), pdu$request_id);
	}

event snmp_get_next_request(c: connection, is_orig: bool, header: SNMP::Header, pdu: SNMP::PDU)
	{
	seawall_observe_snmp(c, is_orig, header$version, "get_next", snmp_community(header), pdu$request_id);
	}

event snmp_set_request(c: connection, is_orig: bool, header: SNMP::Header, pdu: SNMP::PDU)
	{
	seawall_observe_snmp(c, is_orig, header$version, "set", snmp_community(header), pdu$request_id);
	}

event snmp_get_bulk_request(c: connection, is_orig: bool, header: SNMP::Header, pdu: SNMP::BulkPDU)
	{
	seawall_observe_snmp(c, is_orig, header$version, "get_bulk", snmp_community(header), pdu$request_id);
	}

event snmp_trap(c: connection, is_orig: bool, header: SNMP::Header, pdu: SNMP::TrapPDU)
	{
	seawall_observe_snmp(c, is_orig, header$version, "trap", snmp_community(header), 0);
	}

event snmp_trapV2(c: connection, is_orig: bool, header: SNMP::Header, pdu: SNMP::PDU)
	{
	seawall_observe_snmp(c, is_orig, header$version, "trapV2", snmp_community(header), pdu$request_id);
	}

event dns_request(c: connection, msg: dns_msg, query: string, qtype: count, qclass: count)
	{
	seawall_observe_dns(c, msg$id, query, qtype);
	}

event ftp_request(c: connection, command: string, arg: string)
	{
	seawall_observe_ftp(c, command, arg);
	}

# HTTP: headers are gathered per transaction, the body prefix from http_entity_data, and the
# observation made at http_message_done, so content rules see request line, headers and body.
type HttpSide: record {
	headers: string &default="";
	body: string &default="";
};
global http_req: table[string] of HttpSide &create_expire=5 min;
global http_resp: table[string] of HttpSide &create_expire=5 min;

function side_key(c: connection): string
	{
	return fmt("%s:%d", c$uid, c?$http ? c$http$trans_depth : 0);
	}

event http_all_headers(c: connection, is_orig: bool, hlist: mime_header_list)
	{
	local text = "";
	for ( i in hlist )
		text += fmt("%s: %s\r\n", hlist[i]$original_name, hlist[i]$value);
	local key = side_key(c);
	if ( is_orig )
		http_req[key] = HttpSide($headers=text);
	else
		http_resp[key] = HttpSide($headers=text);
	}

event http_entity_data(c: connection, is_orig: bool, length: count, data: string)
	{
	local key = side_key(c);
	local t = is_orig ? http_req : http_resp;
	if ( key !in t || |t[key]$body| >= http_body_limit )
		return;
	t[key]$body += sub_bytes(data, 1, http_body_limit - |t[key]$body|);
	}

event http_message_done(c: connection, is_orig: bool, stat: http_message_stat)
	{
	if ( ! c?$http )
		return;
	local h = c$http;
	local key = side_key(c);
	local tx = h$trans_depth > 0 ? h$trans_depth - 1 : 0;
	if ( is_orig )
		{
		local rq = key in http_req ? http_req[key] : HttpSide();
		seawall_observe_http_request(c, tx, h?$method ? h$method : "",
		    h?$uri ? h$uri : "", h?$uri ? unescape_URI(h$uri) : "",
		    h?$version ? h$version : "", h?$host ? h$host : "",
		    h?$user_agent ? h$user_agent : "", "", "", rq$headers, rq$body,
		    h?$request_body_len ? h$request_body_len : 0);
		delete http_req[key];
		}
	else
		{
		local rs = key in http_resp ? http_resp[key] : HttpSide();
		seawall_observe_http_response(c, tx, h?$status_code ? h$status_code : 0,
		                              rs$headers, rs$body);
		delete http_resp[key];
		}
	}

# ---- alerts -> seawall.log -----------------------------------------------------------------------

function geo(rec: Info, a: addr, src: bool)
	{
	local loc = lookup_location(a);
	local asn = lookup_autonomous_system(a);
	if ( src )
		{
		if ( loc?$country_code ) rec$src_country = loc$country_code;
		if ( asn?$number ) rec$src_asn = asn$number;
		if ( asn?$organization ) rec$src_as_org = asn$organization;
		rec$src_zone = zone_of(a);
		}
	else
		{
		if ( loc?$country_code ) rec$dest_country = loc$country_code;
		if ( asn?$number ) rec$dest_asn = asn$number;
		if ( asn?$organization ) rec$dest_as_org = asn$organization;
		rec$dest_zone = zone_of(a);
		}
	}

event Seawall::alert(uid: string, a: Alert) &priority=5
	{
	local rec = Info($ts=a$ts, $uid=uid, $id=a$id, $gid=a$gid, $sid=a$sid, $rev=a$rev,
	                 $signature=a$signature, $category=a$category, $severity=a$severity,
	                 $attack=a$attack, $evidence=a$evidence);
	if ( a?$src )
		{
		rec$src_ip = a$src;
		rec$dest_ip = a$dst;
		rec$src_port = a$sport;
		rec$dest_port = a$dport;
		rec$proto = a$proto;
		geo(rec, a$src, T);
		geo(rec, a$dst, F);
		if ( a$proto == 6 || a$proto == 17 )
			{
			local pt = a$proto == 6 ? tcp : udp;
			rec$community_id = community_id_v1([$orig_h=a$src, $orig_p=count_to_port(a$sport, pt),
			                                    $resp_h=a$dst, $resp_p=count_to_port(a$dport, pt)]);
			}
		}
	Log::write(LOG, rec);
	}
