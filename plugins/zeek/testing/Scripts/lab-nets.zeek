# Network sets for the shared captures (the same plan as tests/unit/test-zeek-mapping.c) and no
# local nets: Zeek would otherwise count documentation ranges as local (shared/docs/hosts.md).
redef Site::local_nets = {};
redef Seawall::infra = { 10.10.3.109/32, 131.159.14.23/32, 10.0.0.1/32, 172.31.1.23/32,
                         2.2.2.2/32, 100.95.0.15/32, 192.168.0.10/32 };
redef Seawall::noc = { 10.20.0.0/24 };
redef Seawall::aaa = { 10.30.0.10/32 };
redef Seawall::nms = { 10.30.0.20/32 };
redef Seawall::tunnel_peers = { 10.40.0.0/24 };
redef Seawall::erspan_collectors = { 10.30.0.50/32 };
redef Seawall::own = { 10.0.0.0/8, 172.16.0.0/12 };
