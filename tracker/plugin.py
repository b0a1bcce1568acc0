"""The name `pelicanconf.py` loads (`PLUGINS = ["tracker.plugin"]`): Pelican calls `register()`.

The generator itself lives in `tracker.build.generator`; this module only connects it, so a plain
`pelican` run and `tracker build` use the same code.
"""

from __future__ import annotations

from tracker.build.generator import register, unregister

__all__ = ["register", "unregister"]
