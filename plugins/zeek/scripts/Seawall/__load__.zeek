@load ./options
@load ./main
@load ./notices
@load ./intel
