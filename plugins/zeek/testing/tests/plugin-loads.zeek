# The plugin is found and names itself Seawall::Core.
# @TEST-EXEC: zeek -N Seawall::Core > output
# @TEST-EXEC: grep -q '^Seawall::Core' output
