"""Pictures and animations of what the window shows: File → Export image and Export animation,
and the headless `bpviz render` and `bpviz animate` that draw the same pictures offscreen."""
