"""The largest pictures and animation frames bpviz writes, one constant each for the
window's export dialogs and for `bpviz render` / `bpviz animate` (which read it before
any Qt is loaded)."""

MAX_SIDE = 16_384  # pixels of a picture's side: a larger one would take gigabytes to draw
MAX_FRAME_SIDE = 8_192  # pixels of an animation frame's width: hundreds of frames are kept
