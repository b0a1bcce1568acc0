"""Feed item ids never change: a changed id makes every reader show an old entry again as new.

The list is every item id of the demo feeds as they stood before the issue-12 changes to titles and
timestamps; an item may be added to the demo, but none of these may disappear or be spelled otherwise.
"""

from __future__ import annotations

import json
from pathlib import Path

AUTHORITY = "tag:regulator-inaction-tracker.example.org,2026:"
KNOWN_IDS = """
articles/about-the-demo-data
platforms/example-app-e/2026-04-07-super-complaint
platforms/example-app-e/2026-05-05-acknowledged
platforms/example-app-e/2026-07-14-information-notice
platforms/example-app-e/2026-08-03-media
platforms/example-app-e/2026-10-12-initial-assessment
platforms/example-app-e/silence-ofcom-120
platforms/example-app-e/silence-ofcom-20
platforms/example-app-e/silence-ofcom-60
platforms/example-chat-h/2026-09-21-media
platforms/example-chat-h/2026-10-05-platform-response
platforms/example-forum-a/2025-06-20-acknowledged
platforms/example-forum-a/2025-08-11-information-notice
platforms/example-forum-a/2025-10-06-investigation-opened
platforms/example-forum-a/2026-02-16-provisional-notice
platforms/example-forum-a/2026-05-18-confirmation-decision
platforms/example-forum-a/2026-05-18-penalty
platforms/example-forum-a/2026-06-15-platform-response
platforms/example-forum-a/2026-07-09-service-restriction-order
platforms/example-forum-a/2026-07-10-media
platforms/example-forum-a/first-report
platforms/example-forum-a/silence-ofcom-20
platforms/example-forum-a/silence-ofcom-60
platforms/example-forum-b/2025-11-03-reported
platforms/example-forum-b/2025-12-08-initial-assessment
platforms/example-forum-b/2026-01-26-investigation-opened
platforms/example-forum-b/2026-04-13-confirmation-decision
platforms/example-forum-b/2026-05-11-access-restriction-order
platforms/example-forum-b/2026-05-29-platform-response
platforms/example-forum-b/silence-ofcom-20
platforms/example-forum-c/2025-10-14-reported
platforms/example-forum-c/2025-11-05-acknowledged
platforms/example-forum-c/2026-01-12-investigation-opened
platforms/example-forum-c/2026-02-02-platform-response
platforms/example-forum-c/2026-06-22-investigation-closed
platforms/example-forum-c/2026-07-03-correction
platforms/example-forum-c/silence-ofcom-20
platforms/example-forum-c/silence-ofcom-60
platforms/example-forum-d/2026-03-02-acknowledged
platforms/example-forum-d/2026-04-20-enforcement-programme
platforms/example-forum-d/2026-05-06-no-action
platforms/example-forum-d/2026-08-17-investigation-opened
platforms/example-forum-d/2026-09-01-platform-response
platforms/example-forum-d/2026-09-15-parliamentary
platforms/example-forum-d/report-example-regulator
platforms/example-forum-d/report-ofcom
platforms/example-forum-d/silence-example-regulator-20
platforms/example-forum-d/silence-ofcom-20
platforms/example-forum-g/2026-11-02-media
platforms/example-forum-g/2026-11-10-reported
platforms/example-hidden-board/2026-01-14-reported
platforms/example-hidden-board/2026-06-10-media
platforms/example-hidden-board/2026-09-07-other
platforms/example-hidden-board/silence-ofcom-120
platforms/example-hidden-board/silence-ofcom-20
platforms/example-hidden-board/silence-ofcom-60
platforms/unnamed-image-boards-2026/2026-03-06-investigation-opened
regulators/ofcom/2026-03-02-other
regulators/ofcom/2026-03-05-legal-action
regulators/ofcom/2026-03-19-scheduled""".split()


def test_every_known_feed_item_keeps_its_id(site: Path) -> None:
    ids: set[str] = set()
    for feed in (site / "feeds").rglob("*.json"):
        ids |= {item["id"] for item in json.loads(feed.read_text(encoding="utf-8"))["items"]}
    assert sorted(ids) == sorted(AUTHORITY + known for known in KNOWN_IDS)
