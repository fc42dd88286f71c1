##! Seawall's configuration: the operator's network sets (the keys of the sensor's `networks:`
##! section) as options, or the sensor's own YAML file through config_file.

module Seawall;

export {
	## Router/switch/firewall loopbacks and management addresses.
	option infra: set[subnet] = {};
	## Admin and jump hosts allowed to manage infra.
	option noc: set[subnet] = {};
	## TACACS+ / RADIUS servers.
	option aaa: set[subnet] = {};
	## SNMP managers and trap receivers.
	option nms: set[subnet] = {};
	## TFTP/FTP/SCP archive and image servers.
	option file_servers: set[subnet] = {};
	## Log collectors.
	option syslog: set[subnet] = {};
	## Approved GRE/IPsec endpoints.
	option tunnel_peers: set[subnet] = {};
	## Approved ERSPAN destinations.
	option erspan_collectors: set[subnet] = {};
	## Public addresses of VPN/web-management appliances.
	option edge_apps: set[subnet] = {};
	## All of the operator's own prefixes.
	option own: set[subnet] = {};

	## A sensor YAML (etc/seawall.yaml format). When set, its `networks:` and `detections:`
	## replace the sets above.
	option config_file = "";

	## The detection catalog; empty means the copy compiled into the plugin.
	option catalog_file = "";

	## How long a Notice with the same identifier (id + both ends) is suppressed.
	option suppress_for = 1 hr;

	## Body prefix handed to content rules (SW_OBS_HTTP_REQUEST/RESPONSE), bytes.
	option http_body_limit = 4096;
}
