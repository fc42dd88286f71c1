# Every seawall-gen scenario through Zeek: the lab plan (etc/seawall-lab.yaml) as config_file,
# and the ids the generator lists as expected must each appear in seawall.log.
# @TEST-REQUIRES: test -x "$SEAWALL_GEN"
# @TEST-EXEC: $SEAWALL_GEN -w scenarios.pcap all
# @TEST-EXEC: zeek -r scenarios.pcap Seawall %INPUT
# @TEST-EXEC: $SEAWALL_GEN --list | grep -o 'ST-[A-Z0-9]*-[0-9]*' | sort -u > expected
# @TEST-EXEC: for id in $(cat expected); do grep -q "$id" seawall.log || { echo "missing $id"; exit 1; }; done
redef Site::local_nets = {};
redef Seawall::config_file = getenv("SEAWALL_LAB_CONFIG");
