"""The largest pictures and frames bpviz draws, one constant each for the window's dialogs
and for `bpviz render` / `bpviz animate` (no Qt here: the command line reads it before
starting Qt)."""

MAX_SIDE = 16_384  # pixels of a picture's side: a larger one would take gigabytes to draw
MAX_FRAME_SIDE = 8_192  # pixels of an animation frame's width: hundreds of frames are kept
