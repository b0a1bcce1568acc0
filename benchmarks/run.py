"""Measure the tracker's build against stock Pelican on the same text, in one run, and print the figures.

    .venv/bin/python benchmarks/run.py            # the full run (several minutes)
    .venv/bin/python benchmarks/run.py --quick    # small data, one pair: a smoke test of this script

Every command is a child process started through a small wrapper process, so wall time includes
interpreter start-up, and peak memory is that wrapper's `getrusage(RUSAGE_CHILDREN)` maximum resident
set: the largest of the build process and any worker it forked. Commands are alternated (A B A B ...)
and medians reported, because this kind of machine is noisy. Outputs and caches are removed before each
clean build, outside the timing. Data comes from `make_data.py` (deterministic) into benchmarks/out/.

Printed, one figure per line:
  (a) our clean build of N x M: HTML pages, feed files, seconds per HTML page;
  (b) stock Pelican on the same text: HTML pages, seconds per page;
  (c) `tracker validate` alone, a bare `yaml.load(..., Loader=yaml.CSafeLoader)`, and their ratio;
  (d) a rebuild after changing one event's body, and one with nothing changed, as ratios of (a);
  (e) the peak memory of each command;
  (f) clean-build seconds per platform at several sizes, and the largest / smallest ratio;
  (g) Hugo on the comparison site, when `hugo` is on PATH;
  (h) with the live preview (`tracker serve`) running warm on the same data: the time from saving a
      one-event edit to the changed page's new bytes being on disk, and from a save that changes nothing
      to the rebuild being done (medians of `--edits` saves), as ratios of (a);
then `ratio per-page ours/pelican: X.XX` (for information: the pages compared are not alike) and last
`warm edit-to-disk / clean build: X.XXX`.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import shutil
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
WORK = OUT / "run"
TRASH = WORK / "trash"
TODAY = "2026-11-27"
MB = 1024 * 1024

# Runs one command as its own child and prints its wall time and the peak memory of everything it ran.
WRAPPER = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[2:], cwd=sys.argv[1], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
wall = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
error = done.stderr.decode()[-2000:]
print(json.dumps({"wall": wall, "peak_kb": peak, "status": done.returncode, "stderr": error}))
"""

# The comparison site for Hugo: the same articles with YAML front matter, the barest layouts.
HUGO_CONFIG = (
    'baseURL = "https://example.org/"\ntitle = "Benchmark"\ndisableKinds = ["taxonomy", "term", "RSS"]\n'
)
HUGO_LAYOUTS = {
    "_default/single.html": "<!DOCTYPE html><html><head><title>{{ .Title }}</title></head>"
    "<body><h1>{{ .Title }}</h1>{{ .Content }}</body></html>\n",
    "_default/list.html": "<!DOCTYPE html><html><head><title>{{ .Title }}</title></head><body><ul>"
    '{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></body></html>\n',
    "index.html": "<!DOCTYPE html><html><head><title>{{ .Site.Title }}</title></head><body><ul>"
    '{{ range .Site.RegularPages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}'
    "</ul></body></html>\n",
}


@dataclass
class Runs:
    """The measurements of one command."""

    label: str
    walls: list[float] = field(default_factory=list)
    peaks: list[int] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.walls)

    @property
    def peak_mb(self) -> float:
        return max(self.peaks) / 1024


def measure(runs: Runs, command: list[str], cwd: Path = ROOT) -> None:
    done = subprocess.run(
        [sys.executable, "-c", WRAPPER, str(cwd), *command], capture_output=True, text=True, check=True
    )
    result = json.loads(done.stdout)
    if result["status"] != 0:
        raise SystemExit(f"{runs.label} failed ({result['status']}):\n{result['stderr']}")
    runs.walls.append(result["wall"])
    runs.peaks.append(result["peak_kb"])


def alternate(pairs: int, *steps: tuple[Runs, list[str], Path, object]) -> None:
    """Run the steps in turn, `pairs` rounds: A B A B ... Each step is (runs, command, cwd, before)
    where `before` (a callable or None) runs untimed before the command."""
    for _ in range(pairs):
        for runs, command, cwd, before in steps:
            if callable(before):
                before()
            measure(runs, command, cwd)


def remove(*paths: Path) -> None:
    """Clear the way for a clean build: move the old output aside, to be deleted when the run ends.

    Deleting a large tree slows every file the file system creates for a while afterwards (on this kind
    of machine by up to a millisecond a file), which would be charged to the next command measured.
    """
    TRASH.mkdir(parents=True, exist_ok=True)
    for path in paths:
        if path.exists():
            os.replace(path, TRASH / f"{path.name}-{len(list(TRASH.iterdir()))}")


def empty_trash() -> None:
    shutil.rmtree(TRASH, ignore_errors=True)


def settle_disk(limit: float = 120.0) -> None:
    """Wait until creating files is as quick as it gets, after a large deletion (see `remove`).

    Writes batches of 200 small files (kept, in the trash) until two batches in a row take no more than
    1.25 x the quickest so far, or `limit` seconds pass.
    """
    os.sync()
    started = time.perf_counter()
    quickest = float("inf")
    calm = 0
    batch = 0
    while calm < 2 and time.perf_counter() - started < limit:
        folder = TRASH / f"probe-{batch}"
        folder.mkdir(parents=True)
        begin = time.perf_counter()
        for number in range(200):
            (folder / f"{number}.html").write_bytes(b"x" * 16384)
        took = time.perf_counter() - begin
        quickest = min(quickest, took)
        calm = calm + 1 if took <= 1.25 * quickest else 0
        batch += 1
        time.sleep(0.5)


def dataset(n: int, m: int) -> Path:
    """benchmarks/out/NxM, made by make_data.py unless it is there and newer than the generator."""
    folder = OUT / f"{n}x{m}"
    data = folder / "platforms.yaml"
    if not data.exists() or data.stat().st_mtime < (HERE / "make_data.py").stat().st_mtime:
        subprocess.run([sys.executable, str(HERE / "make_data.py"), str(n), str(m)], check=True)
    return folder


def settings_file() -> Path:
    """The site's own settings with an empty content folder, a cache of its own and room for big data."""
    WORK.mkdir(parents=True, exist_ok=True)
    (WORK / "empty-content").mkdir(exist_ok=True)
    path = WORK / "bench_settings.py"
    path.write_text(
        "import sys\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        "from pelicanconf import *  # noqa: F403\n"
        f"PATH = {str(WORK / 'empty-content')!r}\n"
        f"TRACKER_CACHE_PATH = {str(WORK / 'cache')!r}\n"
        "TRACKER_MAX_DATA_BYTES = 1024 * 1024 * 1024\n",
        encoding="utf-8",
    )
    return path


def build_command(settings: Path, data: Path, output: Path, *, clean: bool) -> list[str]:
    command = [sys.executable, "-m", "tracker", "build", "--today", TODAY]
    command += ["--settings", str(settings), "--data", str(data), "--output", str(output)]
    return command + (["--clean"] if clean else [])


def count(output: Path) -> tuple[int, int]:
    """(HTML pages, feed files) under a built site."""
    pages = feeds = 0
    for path in output.rglob("*"):
        if path.suffix == ".html":
            pages += 1
        elif path.is_file() and path.relative_to(output).parts[0] == "feeds":
            feeds += 1
    return pages, feeds


def body_variants(data: Path) -> tuple[Path, Path]:
    """The data file and a copy in which one event's body (halfway through the file) has one more
    sentence: the edit a campaigner makes most often."""
    text = data.read_text(encoding="utf-8")
    start = text.index("        body: |", len(text) // 2)
    line_end = text.index("\n", text.index("\n", start) + 1)
    edited = text[:line_end] + " A sentence added in the benchmark." + text[line_end:]
    first, second = WORK / "incremental-a.yaml", WORK / "incremental-b.yaml"
    first.write_text(text, encoding="utf-8")
    second.write_text(edited, encoding="utf-8")
    return first, second


def hugo_site(pelican_site: Path) -> Path:
    """The comparison articles as a Hugo site (same text, YAML front matter)."""
    site = WORK / "hugo-site"
    remove(site)
    (site / "content" / "posts").mkdir(parents=True)
    for source in sorted((pelican_site / "content").glob("*.md")):
        header, _, body = source.read_text(encoding="utf-8").partition("\n\n")
        meta = dict(line.split(": ", 1) for line in header.splitlines())
        front = (
            f"---\ntitle: {json.dumps(meta['Title'])}\ndate: {meta['Date']}\nslug: {meta['Slug']}\n---\n\n"
        )
        (site / "content" / "posts" / source.name).write_text(front + body, encoding="utf-8")
    (site / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    for name, text in HUGO_LAYOUTS.items():
        path = site / "layouts" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return site


PREVIEW_DRIVER = """
import sys
from pathlib import Path
from datetime import date
from tracker.build.preview import serve
from tracker.build.site import build_site
from tracker.build.warm import Warm

root, settings, output = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
today = date.fromisoformat(sys.argv[4])
warm = Warm()  # as `tracker serve` keeps it

def build():
    build_site(today=today, settings_file=settings, output=output, data=root / "data" / "platforms.yaml",
               incremental=True, warm=warm)
    return today

serve(root, 0, build, say=lambda line: print(line, flush=True))
"""


def edited_platform(variants: tuple[Path, Path]) -> str:
    """The id of the platform whose event body the two variants differ in."""
    first, second = (v.read_text(encoding="utf-8") for v in variants)
    at = next(i for i, (a, b) in enumerate(zip(first, second, strict=False)) if a != b)
    start = first.rindex("\n  - id: ", 0, at) + len("\n  - id: ")
    return first[start : first.index("\n", start)].strip()


def warm_preview(settings: Path, variants: tuple[Path, Path], edits: int) -> tuple[list[float], list[float]]:
    """(seconds from each one-event save to the page's new bytes on disk, seconds from each unchanged
    save to the end of its rebuild), with one preview process kept running throughout."""
    root, output = WORK / "preview-root", WORK / "preview-out"
    remove(root, output)
    (root / "data").mkdir(parents=True)
    live = root / "data" / "platforms.yaml"
    shutil.copyfile(variants[0], live)
    command = [sys.executable, "-c", PREVIEW_DRIVER, str(root), str(settings), str(output), TODAY]
    process = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    lines: queue.Queue[str] = queue.Queue()
    said: list[str] = []  # every line of the driver, quoted when something goes wrong

    def collect() -> None:
        for line in process.stdout or ():
            said.append(line.rstrip("\n"))
            lines.put(line)

    threading.Thread(target=collect, daemon=True).start()

    def wait_for(prefix: str) -> None:
        try:
            while not lines.get(timeout=600).startswith(prefix):
                pass
        except queue.Empty:
            _preview_failed(f"no {prefix!r} line within 600 s", said)

    page = output / "platforms" / edited_platform(variants) / "index.html"

    def save(source: Path) -> None:
        temporary = live.with_name("platforms.yaml.tmp")
        shutil.copyfile(source, temporary)
        os.replace(temporary, live)

    try:
        wait_for("Watching")
        if any(line.startswith("Not rebuilt") for line in said) or not page.is_file():
            _preview_failed(f"the first build did not make {page.relative_to(WORK)}", said)
        edit_times: list[float] = []
        same_times: list[float] = []
        for n in range(edits):
            before = page.read_bytes()
            start = time.perf_counter()
            save(variants[(n + 1) % 2])
            while _bytes_or_none(page) in (before, None):
                if time.perf_counter() - start > 600:
                    _preview_failed("the page never changed after a save", said)
                time.sleep(0.002)
            edit_times.append(time.perf_counter() - start)
            wait_for("Rebuilt")
            time.sleep(0.3)
            start = time.perf_counter()
            save(variants[(n + 1) % 2])  # the same bytes again
            wait_for("Rebuilt")
            same_times.append(time.perf_counter() - start)
            time.sleep(0.3)
    finally:
        process.terminate()
        process.wait(timeout=60)
    return edit_times, same_times


def _bytes_or_none(page: Path) -> bytes | None:
    """The page's bytes; None in the instant between the swap's two renames (the site's folder is
    renamed aside, then the new one into its place), which polling every 2 ms can catch."""
    try:
        return page.read_bytes()
    except FileNotFoundError:
        return None


def _preview_failed(what: str, said: list[str]) -> None:
    """Stop the run with the preview driver's own words: a failed build says why on stdout."""
    quoted = "\n".join(f"    {line}" for line in said[-40:]) or "    (nothing)"
    raise SystemExit(f"(h) the preview failed: {what}. The driver said:\n{quoted}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--quick", action="store_true", help="small data and one pair: checks the script only"
    )
    parser.add_argument("--pairs", type=int, default=None, help="rounds of each alternation (default 3)")
    parser.add_argument("--n", type=int, default=None, help="platforms for (a)-(e) (default 1000)")
    parser.add_argument("--m", type=int, default=20, help="events per platform (default 20)")
    parser.add_argument("--sizes", default=None, help="platform counts for (f) (default 100,1000,5000)")
    parser.add_argument("--edits", type=int, default=5, help="saves measured for (h) (default 5)")
    args = parser.parse_args(argv)
    pairs = args.pairs or (1 if args.quick else 3)
    n = args.n or (100 if args.quick else 1000)
    sizes = [int(s) for s in (args.sizes or ("50,100,200" if args.quick else "100,1000,5000")).split(",")]
    m = args.m
    if sizes and n not in sizes:
        sizes = sorted({*sizes})
    settings = settings_file()
    empty_trash()
    settle_disk()
    folders = {size: dataset(size, m) for size in sorted({n, *sizes})}
    data = folders[n] / "platforms.yaml"
    print(f"data: {n} platforms x {m} events, {data.stat().st_size / MB:.1f} MB; {pairs} pair(s) per figure")

    # (a) and (b): clean builds, ours and stock Pelican, alternated.
    ours, pelican = Runs("clean build"), Runs("pelican")
    our_out, pelican_site = WORK / "clean", folders[n] / "pelican-site"
    pelican_out = WORK / "pelican-output"
    alternate(
        pairs,
        (ours, build_command(settings, data, our_out, clean=True), ROOT, lambda: remove(our_out)),
        (
            pelican,
            [sys.executable, "-m", "pelican", "content", "-s", "pelicanconf.py", "-o", str(pelican_out)],
            pelican_site,
            lambda: remove(pelican_out),
        ),
    )
    our_pages, our_feeds = count(our_out)
    pelican_pages = count(pelican_out)[0]
    our_per_page = ours.median / our_pages
    pelican_per_page = pelican.median / pelican_pages
    print(
        f"(a) our clean build of {n}x{m}: {ours.median:.2f} s, {our_pages} HTML pages and {our_feeds} feed "
        f"files written, {our_per_page * 1000:.2f} ms per HTML page"
    )
    print(
        f"(b) stock Pelican on the same text: {pelican.median:.2f} s, {pelican_pages} HTML pages, "
        f"{pelican_per_page * 1000:.2f} ms per page"
    )

    # (c) validation alone against a bare C-accelerated load of the same file.
    validate, bare = Runs("validate"), Runs("yaml.load")
    alternate(
        pairs,
        (validate, [sys.executable, "-m", "tracker", "validate", "--today", TODAY, str(data)], ROOT, None),
        (
            bare,
            [
                sys.executable,
                "-c",
                "import sys, yaml; yaml.load(open(sys.argv[1], 'rb'), Loader=yaml.CSafeLoader)",
                str(data),
            ],
            ROOT,
            None,
        ),
    )
    print(
        f"(c) validate {validate.median:.2f} s, bare yaml.load (CSafeLoader) {bare.median:.2f} s: "
        f"ratio {validate.median / bare.median:.2f}"
    )

    # (d) incremental rebuilds: one event's body changed, then nothing changed, alternated.
    one_event, unchanged = Runs("one-event rebuild"), Runs("no-change rebuild")
    incremental_out, live_data = WORK / "incremental", WORK / "incremental.yaml"
    variants = body_variants(data)
    built = {"variant": 0}

    def switch() -> None:
        built["variant"] = 1 - built["variant"]
        shutil.copyfile(variants[built["variant"]], live_data)

    remove(incremental_out, WORK / "cache", WORK / "check")
    shutil.copyfile(variants[0], live_data)
    command = build_command(settings, live_data, incremental_out, clean=False)
    # Untimed: the first build from nothing, then a first rebuild, which leaves the spare copy every
    # later rebuild starts from.
    subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    switch()
    subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    alternate(pairs, (one_event, command, ROOT, switch), (unchanged, command, ROOT, None))
    check = WORK / "check"
    subprocess.run(
        build_command(settings, live_data, check, clean=True), cwd=ROOT, check=True, capture_output=True
    )
    identical = _same_tree(incremental_out, check)
    print(
        f"(d) rebuild after changing one event's body {one_event.median:.2f} s = "
        f"{one_event.median / ours.median:.3f} x the clean build; with nothing changed "
        f"{unchanged.median:.2f} s = {unchanged.median / ours.median:.3f} x "
        f"(incremental output {'byte-identical to' if identical else 'DIFFERENT from'} a clean build)"
    )

    # (e) peak memory.
    print(
        "(e) peak memory: "
        + ", ".join(
            f"{r.label} {r.peak_mb:.0f} MB" for r in (ours, pelican, validate, bare, one_event, unchanged)
        )
    )

    # (f) clean-build time per platform across sizes.
    per_size = {size: Runs(f"clean build {size}x{m}") for size in sizes if size != n}
    steps = []
    for size, runs in per_size.items():
        output = WORK / f"clean-{size}"
        steps.append(
            (
                runs,
                build_command(settings, folders[size] / "platforms.yaml", output, clean=True),
                ROOT,
                (lambda output=output: remove(output)),
            )
        )
    alternate(pairs, *steps)
    seconds = {size: (per_size[size].median if size in per_size else ours.median) / size for size in sizes}
    listing = ", ".join(f"N={size}: {seconds[size] * 1000:.2f} ms" for size in sizes)
    print(
        f"(f) clean-build seconds per platform (M={m}): {listing}; "
        f"N={max(sizes)}/N={min(sizes)} = {seconds[max(sizes)] / seconds[min(sizes)]:.2f}; peak memory "
        + ", ".join(f"N={size}: {per_size[size].peak_mb:.0f} MB" for size in sizes if size in per_size)
    )

    # (g) Hugo, for reference.
    hugo = shutil.which("hugo")
    if hugo is None:
        print("(g) hugo is not on PATH: skipped (Debian package `hugo`; this script does not install it)")
    else:
        site = hugo_site(pelican_site)
        hugo_runs = Runs("hugo")
        hugo_out = WORK / "hugo-output"
        alternate(pairs, (hugo_runs, [hugo, "--quiet", "-d", str(hugo_out)], site, lambda: remove(hugo_out)))
        hugo_pages = count(hugo_out)[0]
        print(
            f"(g) Hugo on the same text: {hugo_runs.median:.2f} s, {hugo_pages} HTML pages, "
            f"{hugo_runs.median / max(hugo_pages, 1) * 1000:.2f} ms per page"
        )

    # (h) the live preview, warm: one process through every save.
    edit_times, same_times = warm_preview(settings, variants, args.edits)
    warm, warm_same = statistics.median(edit_times), statistics.median(same_times)
    print(
        f"(h) live preview, warm: save of a one-event edit to the page's new bytes on disk {warm:.3f} s"
        f" = {warm / ours.median:.3f} x the clean build; save that changes nothing to its rebuild done"
        f" {warm_same:.3f} s = {warm_same / ours.median:.3f} x (medians of {len(edit_times)} saves)"
    )

    ratio = our_per_page / pelican_per_page
    checks = [
        ("warm edit-to-disk <= 0.05 x clean", warm <= 0.05 * ours.median),
        ("validate <= 2.0 x bare load", validate.median <= 2.0 * bare.median),
        ("one-event rebuild <= 0.2 x clean", one_event.median <= 0.2 * ours.median),
        ("no-change rebuild <= 0.1 x clean", unchanged.median <= 0.1 * ours.median),
        (f"peak memory {n}x{m} < 400 MB", ours.peak_mb < 400),
        (
            f"per platform N={max(sizes)} within 1.3 x N={min(sizes)}",
            seconds[max(sizes)] <= 1.3 * seconds[min(sizes)],
        ),
        ("incremental output identical to clean", identical),
    ]
    if hugo is not None:
        checks.append(("warm edit-to-disk below Hugo's clean build", warm < hugo_runs.median))
    empty_trash()
    print("targets: " + "; ".join(f"{name}: {'met' if ok else 'NOT met'}" for name, ok in checks))
    print(f"ratio per-page ours/pelican: {ratio:.2f} (for information: our pages are not alike Pelican's)")
    print(f"warm edit-to-disk / clean build: {warm / ours.median:.3f}")
    return 0


def _same_tree(a: Path, b: Path) -> bool:
    def files(root: Path) -> dict[str, bytes]:
        return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}

    return files(a) == files(b)


if __name__ == "__main__":
    sys.exit(main())
