# seawall.log as JSON (policy/tuning/json-logs) carries the EVE alert's sid and rev.
# @TEST-EXEC: zeek -r $SHARED/testdata/mgmt/radius/zeek-radius.pcap Seawall $SCRIPTS/lab-nets.zeek policy/tuning/json-logs
# @TEST-EXEC: python3 -c 'import json,sys; r=[json.loads(l) for l in open("seawall.log")]; sys.exit(0 if any(x["id"]=="ST-AAA-002" and x["sid"]>0 and "rev" in x and x["dest_ip"]=="10.0.0.100" for x in r) else 1)'
