import os
import sys

from tracker.cli import main

status = main()
# A build holds hundreds of megabytes of small objects; letting the interpreter free them one by one at
# exit takes a noticeable part of a rebuild. Everything is written and closed by now: flush and leave.
sys.stdout.flush()
sys.stderr.flush()
os._exit(status)
