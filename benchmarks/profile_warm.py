"""Profile one warm rebuild (the live preview's: one process, a one-event edit) and print where it goes.

    .venv/bin/python benchmarks/profile_warm.py --n 1000 --m 20

The data comes from make_data.py (as for run.py); the process builds it, then alternates the unedited
and the edited file `--warm` times (so caches, imports and templates are as warm as in `tracker serve`),
and profiles the next rebuild with cProfile. Each build is handed the same `Warm`, as `tracker serve`
does (`--no-warm`: none, so every build reads the cache back from disk). Printed: the rebuild's seconds
and the tracker's functions by cumulative time, so a change to the cache can be judged by what it
removes from a warm rebuild.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import shutil
import sys
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import run  # noqa: E402 - the benchmark's data and settings, shared

from tracker.build.site import build_site  # noqa: E402
from tracker.build.warm import Warm  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n", type=int, default=1000, help="platforms (default 1000)")
    parser.add_argument("--m", type=int, default=20, help="events per platform (default 20)")
    parser.add_argument("--warm", type=int, default=2, help="rebuilds before the profiled one (default 2)")
    parser.add_argument("--top", type=int, default=30, help="functions printed (default 30)")
    parser.add_argument("--no-warm", action="store_true", help="no Warm: every build reads the cache back")
    args = parser.parse_args(argv)
    settings = run.settings_file()
    variants = run.body_variants(run.dataset(args.n, args.m) / "platforms.yaml")
    data = run.WORK / "profile-data.yaml"
    output = run.WORK / "profile-out"
    shutil.rmtree(output, ignore_errors=True)
    today = date.fromisoformat(run.TODAY)
    warm = None if args.no_warm else Warm()

    def rebuild(source: Path) -> float:
        shutil.copyfile(source, data)
        start = time.perf_counter()
        build_site(
            today=today, settings_file=settings, output=output, data=data, incremental=True, warm=warm
        )
        return time.perf_counter() - start

    print(f"first build {rebuild(variants[0]):.2f} s")
    for number in range(args.warm):
        print(f"warm rebuild {rebuild(variants[(number + 1) % 2]):.2f} s")
    profile = cProfile.Profile()
    profile.enable()
    seconds = rebuild(variants[(args.warm + 1) % 2])
    profile.disable()
    print(f"profiled warm rebuild {seconds:.2f} s (with the profiler's overhead)")
    stats = pstats.Stats(profile)
    stats.sort_stats("cumulative").print_stats(r"tracker/", args.top)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
