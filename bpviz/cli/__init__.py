"""The `bpviz` command line: one module per subcommand, wired together in main.py."""

from bpviz.cli.interrupt import quit_on_ctrl_c

# First thing, before main.py loads the subcommands (~0.2 s): Ctrl-C then is one line too.
quit_on_ctrl_c()
