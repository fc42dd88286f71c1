##! One Notice type per catalog family (ST-<FAMILY>-NNN), raised for every Seawall alert and
##! de-duplicated per id and pair of ends for Seawall::suppress_for.

@load base/frameworks/notice
@load ./main

module Seawall;

export {
	redef enum Notice::Type += {
		## ST-TUN: tunnels (GRE, IPsec, ERSPAN) from infra to unapproved endpoints.
		Tunnel,
		## ST-AAA: TACACS+/RADIUS to unapproved servers, AAA anomalies.
		AAA,
		## ST-SNMP: SNMP to infra from outside the NMS, community abuse.
		SNMP,
		## ST-ACC: access to the management plane (sshd_operns, outsiders).
		Access,
		## ST-EXP: exploitation of edge devices (content rules).
		Exploit,
		## ST-EXF: configuration and data exfiltration (TFTP/FTP/SMI).
		Exfiltration,
		## ST-LAT: lateral movement between routers.
		Lateral,
		## ST-EVA: evasion (log and AAA tampering).
		Evasion,
		## ST-C2 / ST-CON: command and control, IOC contacts.
		Command_Control,
		## ST-SCAN: reconnaissance of infra.
		Scan,
		## An id of a family this script does not know yet.
		Other,
	};
}

function family_notice(id: string): Notice::Type
	{
	local parts = split_string(id, /-/);
	local fam = |parts| >= 2 ? parts[1] : "";
	switch ( fam )
		{
		case "TUN": return Tunnel;
		case "AAA": return AAA;
		case "SNMP": return SNMP;
		case "ACC": return Access;
		case "EXP": return Exploit;
		case "EXF": return Exfiltration;
		case "LAT": return Lateral;
		case "EVA": return Evasion;
		case "C2", "CON": return Command_Control;
		case "SCAN": return Scan;
		default: return Other;
		}
	}

event Seawall::alert(uid: string, a: Alert)
	{
	local ends = a?$src ? fmt("%s-%s", a$src, a$dst) : uid;
	local ev = "";
	for ( k, v in a$evidence )
		ev += fmt("%s%s=%s", ev == "" ? "" : " ", k, v);
	local n = Notice::Info($note=family_notice(a$id),
	                       $msg=fmt("%s [%s sid:%d rev:%d severity:%s]", a$signature, a$id,
	                                a$sid, a$rev, a$severity_name),
	                       $sub=ev,
	                       $identifier=cat(a$id, ends),
	                       $suppress_for=suppress_for);
	if ( a?$src )
		{
		n$src = a$src;
		n$dst = a$dst;
		}
	NOTICE(n);
	}
