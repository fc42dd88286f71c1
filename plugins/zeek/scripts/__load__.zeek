# Loaded automatically with the Seawall::Core plugin: nothing runs until Seawall is loaded
# (`zeek -r trace.pcap Seawall`, or `@load Seawall` in local.zeek).
