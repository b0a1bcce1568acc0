"""Derived facts: working days, clocks, statuses, milestones, counters, computed at each build.

Nothing here is typed by hand, and nothing here keeps state between builds: the holiday tables live in
the build's `calendars.Calendars`. Every rule takes `today` as an argument, because two builds of the
same data with the same `--today` must be identical, and ignores events dated after it (only
`scheduled` ones may be, but the rule is general).
"""
