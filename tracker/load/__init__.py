"""Reading the data file: strict YAML with every value's line and column, and records from it.

Nothing here judges the data; it only reads it faithfully (no aliases, no YAML 1.1 surprises).
"""
