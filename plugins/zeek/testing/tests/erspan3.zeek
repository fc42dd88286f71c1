# GRE type 0x22EB (ERSPAN III, tshark) from 172.31.1.23 (infra) to 172.31.1.135, no collector:
# ST-TUN-003, not ST-TUN-001, although Zeek calls the tunnel Tunnel::GRE.
# @TEST-EXEC: zeek -r $SHARED/testdata/tunnels/zeek-gre-erspan3-dot1q.pcap Seawall $SCRIPTS/lab-nets.zeek
# @TEST-EXEC: grep -q 'ST-TUN-003' seawall.log
# @TEST-EXEC: ! grep -q 'ST-TUN-001' seawall.log
