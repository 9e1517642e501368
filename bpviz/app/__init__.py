"""The Qt desktop app. Everything that imports Qt lives in this package."""
