# 10.0.0.1 (NAS, infra) -> 10.0.0.100:1812/udp, not in aaa: ST-AAA-002.
# @TEST-EXEC: zeek -r $SHARED/testdata/mgmt/radius/zeek-radius.pcap Seawall $SCRIPTS/lab-nets.zeek
# @TEST-EXEC: grep -q 'ST-AAA-002' seawall.log
# @TEST-EXEC: grep -q 'Seawall::AAA' notice.log
