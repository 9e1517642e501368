"""Labs: interactive experiments that train models live (the boundary lab, the word-vector labs)."""
