##! Seawall's IOC sets in the Intel framework. tools/ioc-to-intel.py turns signatures/ioc/ into
##! an Intel file; Intel::read_files is a redef-able constant, so name it in local.zeek:
##!
##!   redef Intel::read_files += { "/etc/seawall/seawall.intel" };
##!
##! This script loads the framework and the "seen" policies that look up connection ends, DNS
##! queries, HTTP hosts and TLS SNI, so matches reach intel.log (and Notices with do_notice).

@load base/frameworks/intel
@load frameworks/intel/seen
@load frameworks/intel/do_notice
