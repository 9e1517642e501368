"""The Qt work behind the app's rows of `bpviz bench` (kept free of imports: a child
process runs `first_paint` from here and must time its own imports)."""
