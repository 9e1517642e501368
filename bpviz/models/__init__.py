"""The lectures' models, each built from engine operations so it can be drawn and stepped."""
