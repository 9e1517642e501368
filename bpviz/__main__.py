"""`python -m bpviz`: the same as the `bpviz` command."""

from bpviz.cli.main import main

if __name__ == "__main__":
    raise SystemExit(main())
