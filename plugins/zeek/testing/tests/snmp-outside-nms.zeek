# 10.10.1.159 -> 10.10.3.109:161/udp (SNMPv2c get): the agent is infra, the manager not in nms:
# ST-SNMP-001 once, Notice Seawall::SNMP.
# @TEST-EXEC: zeek -r $SHARED/testdata/mgmt/snmp/zeek-snmpv2_get.pcap Seawall $SCRIPTS/lab-nets.zeek
# @TEST-EXEC: test "$(grep -c 'ST-SNMP-001' seawall.log)" = 1
# @TEST-EXEC: grep -q 'Seawall::SNMP' notice.log
# @TEST-EXEC: grep 'ST-SNMP-001' seawall.log | grep -q 10.10.1.159
