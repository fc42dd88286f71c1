# The benign twin: the same ERSPAN to an approved collector raises nothing.
# @TEST-EXEC: zeek -r $SHARED/testdata/tunnels/zeek-gre-erspan3-dot1q.pcap Seawall $SCRIPTS/lab-nets.zeek %INPUT
# @TEST-EXEC: ! grep -q 'ST-TUN' seawall.log 2>/dev/null
redef Seawall::erspan_collectors += { 172.31.1.135/32 };
