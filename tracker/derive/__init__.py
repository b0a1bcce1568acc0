"""Derived facts: working days, clocks, statuses, milestones, counters, computed at each build.

Nothing here is typed by hand, and nothing here keeps state between builds.
"""
