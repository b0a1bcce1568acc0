"""Editing the hand-written data file (`invoke new-platform`, `add-event`) without disturbing it.

It sits above check because every edit is validated before the file is replaced.
"""
