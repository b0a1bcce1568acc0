"""Write a valid synthetic data file of N platforms x M events, and the same text as a plain Pelican site.

Deterministic from a seed, so two runs (and two machines) benchmark the same input. Usage:

    python benchmarks/make_data.py N M [--out DIR] [--seed S]

writes DIR/platforms.yaml (our input) and DIR/pelican-site/ (content/ with N Markdown articles of the same
text, and a stock pelicanconf.py) and prints the data file's size.
"""

from __future__ import annotations

import argparse
import random
import sys
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tracker.model.vocabulary import EVENT_TYPES, OUTCOMES, PROCEDURAL, REPORT, SUBSTANTIVE

TODAY = date(2026, 11, 27)
WORDS = (
    "regulator platform report notice images consent survivors forum board content removal request "
    "evidence investigation assessment response letter review safety duties provider service users "
    "complaint guidance campaign hearing decision statement enforcement material hosting moderation "
    "abuse online access blocking payment advertising court order appeal delay silence progress record "
    "update public document request deadline reply weeks months week month action steps policy measures "
    "detection hashing reports"
).split()
ROLES_FOR = {REPORT: "campaign-group", PROCEDURAL: "regulator", SUBSTANTIVE: "regulator"}
# Every type once per cycle except `scheduled`, which comes last: it may be in the future.
CYCLE = [t for t in EVENT_TYPES if t not in ("reported", "scheduled")]


def words(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def sentence(rng: random.Random, n: int) -> str:
    text = words(rng, n)
    return text[0].upper() + text[1:] + "."


def body(rng: random.Random) -> str:
    """About 60 words of Markdown: two short paragraphs, some emphasis, sometimes a list and a link."""
    first = sentence(rng, rng.randint(24, 38)).replace(" evidence ", " *evidence* ", 1)
    second = sentence(rng, rng.randint(16, 28))
    parts = [first, second]
    if rng.random() < 0.4:
        parts.append("\n".join(f"- {words(rng, 4)}" for _ in range(3)))
    if rng.random() < 0.5:
        parts.append(f"See [the notice](https://news.example.org/notice/{rng.randint(1, 10**6)}).")
    return "\n\n".join(parts)


def yaml_block(text: str, indent: int) -> str:
    pad = " " * indent
    return "|\n" + "\n".join(pad + line if line else "" for line in text.splitlines())


def make_events(rng: random.Random, index: int, m: int) -> list[dict[str, str]]:
    day = date(2023, 1, 2) + timedelta(days=index % 365)
    events = []
    for j in range(m):
        kind = "reported" if j == 0 else CYCLE[(j - 1 + index) % len(CYCLE)]
        if j == m - 1 and m > 2 and index % 10 == 0:
            kind = "scheduled"
        day += timedelta(days=rng.randint(1, 20))
        if kind == "scheduled":
            day = max(day, TODAY + timedelta(days=rng.randint(1, 60)))
        cls = EVENT_TYPES[kind].cls
        event: dict[str, str] = {"id": f"e{j + 1}", "date": day.isoformat(), "type": kind}
        if cls in (REPORT, PROCEDURAL, SUBSTANTIVE):
            event["regulator"] = "ofcom"
        event["by"] = ROLES_FOR.get(cls, "journalist")
        event["title"] = sentence(rng, 12)
        if kind == "penalty":
            event["amount_gbp"] = str(rng.randint(1, 900) * 1000)
        if kind == "platform-response":
            event["outcome"] = rng.choice(list(OUTCOMES))
        if j % 3 == 1:
            event["body"] = body(rng)
        events.append(event)
    return events


def render_yaml(n: int, m: int, rng: random.Random) -> tuple[str, list[tuple[str, str, str]]]:
    out = [
        "regulators:",
        "  - id: ofcom",
        "    name: Ofcom",
        "    jurisdiction: United Kingdom",
        "    law: Online Safety Act 2023",
        "    url: https://www.ofcom.org.uk/",
        "    response_window_working_days: 20",
        "    silence_milestones_working_days: [20, 60, 120]",
        "    holidays: GB-ENG",
        "    events: []",
        "platforms:",
    ]
    articles = []
    for i in range(n):
        pid = f"bench-platform-{i + 1}"
        name = f"Benchmark Platform {i + 1} (fictional)"
        summary = sentence(rng, 30)
        out += [
            f"  - id: {pid}",
            f"    name: {name}",
            "    named: true",
            f"    naming_source: https://news.example.org/naming/{i + 1}",
            f"    domains: [p{i + 1}.bench.invalid]",
            f"    harms: [{rng.choice(['ncii', 'csam', 'deepfake-ncii', 'sextortion'])}]",
            f"    summary: {summary}",
            "    regulators: [ofcom]",
            "    events:",
        ]
        article = [summary]
        for event in make_events(rng, i, m):
            first = True
            for key in ("id", "date", "type", "regulator", "by", "title", "amount_gbp", "outcome"):
                if key in event:
                    out.append(f"      {'- ' if first else '  '}{key}: {event[key]}")
                    first = False
            if "body" in event:
                out.append(f"        body: {yaml_block(event['body'], 10)}")
            article.append(f"## {event['date']}: {event['title']}")
            if "body" in event:
                article.append(event["body"])
            if event["type"] != "reported":
                out.append("        sources:")
                for s in range(rng.randint(1, 2)):
                    out.append(f"          - title: {sentence(rng, 5)}")
                    out.append(f"            url: https://news.example.org/{pid}/{event['id']}/{s}")
        articles.append((pid, name, "\n\n".join(article)))
    return "\n".join(out) + "\n", articles


PELICANCONF = """\
AUTHOR = "Benchmark"
SITENAME = "Benchmark"
SITEURL = ""
PATH = "content"
TIMEZONE = "Europe/London"
DEFAULT_LANG = "en"
RELATIVE_URLS = True
DEFAULT_PAGINATION = 10
LOAD_CONTENT_CACHE = False
FEED_ALL_ATOM = "feeds/all.atom.xml"
CATEGORY_FEED_ATOM = "feeds/{slug}.atom.xml"
"""


def write_pelican_site(root: Path, articles: list[tuple[str, str, str]]) -> None:
    content = root / "content"
    content.mkdir(parents=True, exist_ok=True)
    for number, (slug, title, text) in enumerate(articles):
        day = date(2025, 1, 1) + timedelta(days=number % 600)
        header = f"Title: {title}\nDate: {day.isoformat()}\nSlug: {slug}\nCategory: c{number % 10}\n\n"
        (content / f"{slug}.md").write_text(header + text + "\n", encoding="utf-8")
    (root / "pelicanconf.py").write_text(PELICANCONF, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("n", type=int, help="platforms")
    parser.add_argument("m", type=int, help="events per platform")
    parser.add_argument("--out", type=Path, default=None, help="folder (default benchmarks/out/NxM)")
    parser.add_argument("--seed", type=int, default=20261127)
    args = parser.parse_args(argv)
    out = args.out or Path(__file__).resolve().parent / "out" / f"{args.n}x{args.m}"
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(args.seed)
    text, articles = render_yaml(args.n, args.m, rng)
    data = out / "platforms.yaml"
    data.write_text(text, encoding="utf-8")
    write_pelican_site(out / "pelican-site", articles)
    print(f"{data}: {data.stat().st_size} bytes, {args.n} platforms x {args.m} events")
    return 0


if __name__ == "__main__":
    sys.exit(main())
