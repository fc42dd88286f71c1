# 192.150.186.169 -> 131.159.14.23:22, handshake completed (history ShAdDaFf): an outsider on a
# management port of infra: ST-ACC-005 (service ssh).
# @TEST-EXEC: zeek -r $SHARED/testdata/mgmt/ssh/zeek-ssh-single-conn.pcap Seawall $SCRIPTS/lab-nets.zeek
# @TEST-EXEC: grep -q 'ST-ACC-005' seawall.log
# @TEST-EXEC: grep -q 'Seawall::Access' notice.log
