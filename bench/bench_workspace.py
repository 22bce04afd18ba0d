"""The workspace on a large review beside a small one, in the same run.

    python -m bench.bench_workspace --events 100000 --subjects 10

For each review (100 events, and the large one), a fresh process starts the
app offscreen, opens the review in the main window and reports:
- launch to first rows painted (from process start to the first paint of the
  chronology table with rows in it),
- a text filter and a subject filter applied, and the filter cleared (model
  reloaded and the table repainted), once background work has finished,
- the timeline shown: until it holds every event, and the longest the window
  went without answering meanwhile (the gap between ticks of a 10 ms timer),
- the filter cleared while the timeline is being read in the background, and
  just after opening, while the file check and the themes panel's suggestions
  are prepared (the whole chronology's ids read while another thread is busy
  in Python; the worst of three, and the one time); and, in that same time,
  the table scrolled to a new page of rows every 0.2 s (the worst of up to ten),
- peak resident memory.
Reported as ratios of large to small.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.synth import generate_review

CHILD = r"""
import json, os, resource, sys, time
started = float(sys.argv[2])
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication
from investigator.ui.app import create_application
from investigator.ui.main_window import MainWindow
from pathlib import Path
from investigator.ui.app import open_review_interactively

def peak_resident_mb():
    # VmHWM starts afresh at exec; ru_maxrss would carry the parent's peak over.
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

app = create_application([sys.argv[0]])
painted = {}

class Watch(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and "first" not in painted and window.model.rowCount():
            painted["first"] = time.time()
        return False

window = MainWindow(None)
watch = Watch()
window.table.viewport().installEventFilter(watch)
# As the app opens a file (a large one is checked in the background).
window.set_review(open_review_interactively(Path(sys.argv[1]), read_only=True))
window.show()
while "first" not in painted:
    app.processEvents()
from PySide6.QtCore import QThreadPool
pool = QThreadPool.globalInstance()

def timed(action):
    begin = time.perf_counter()
    action()
    window.table.viewport().repaint()
    app.processEvents()
    return time.perf_counter() - begin

bar = window.filter_bar
def text_filter():
    bar.search.setText("safeguarding concern")
    bar.apply_now()
def clear():
    bar.clear()

# The filter applied and cleared at once, while the background work of opening
# (the file check, preparing suggestions for the themes panel) runs, if any.
opening_busy = pool.activeThreadCount() > 0
def scroll_to(row):
    last = window.model.rowCount() - 1
    return lambda: window.table.scrollTo(window.model.index(min(row, last), 0))
timed(text_filter)
opening_clear = timed(clear)
# Then a new page of rows every 0.2 s for as long as that work lasts (ten at most).
scrolls = []
for step in range(1, 11):
    scrolls.append(timed(scroll_to(step * 5000)))
    pause = time.perf_counter() + 0.2
    while time.perf_counter() < pause:
        app.processEvents()
        time.sleep(0.01)
    if not pool.activeThreadCount():
        break
opening_scroll = max(scrolls)
timed(scroll_to(0))

# Other filters are measured once that work has finished.
while not window.review.checked or pool.activeThreadCount():
    app.processEvents()
    time.sleep(0.01)

def subject_filter():
    bar.search.setText("")
    subject = window.review.subjects()[1]
    bar.subjects.set_chosen([str(subject.id)])
clears = []
def best(action):
    times = []
    for _ in range(3):
        times.append(timed(action))
        clears.append(timed(clear))
    return min(times)

timed(clear)
text = best(text_filter)
subject = best(subject_filter)
cleared = min(clears)

# Showing the timeline: how long until it shows every event, and the longest
# time the window could not answer meanwhile (a 10 ms timer's largest gap).
from PySide6.QtCore import QTimer
from investigator.ui.main_window import TAB_TIMELINE
gaps = []
last_tick = [time.perf_counter()]
def tick():
    now = time.perf_counter()
    gaps.append(now - last_tick[0])
    last_tick[0] = now
ticker = QTimer()
ticker.timeout.connect(tick)
ticker.start(10)
shown_at = time.perf_counter()
window.tabs.setCurrentIndex(TAB_TIMELINE)
tick()
while not window.timeline_current:
    app.processEvents()
    time.sleep(0.002)
timeline_s = time.perf_counter() - shown_at
tick()
ticker.stop()

# The filter cleared while the timeline reads again (it follows the filter).
busy = []
for _ in range(3):
    timed(text_filter)
    while not window.timeline_loading:
        app.processEvents()
        time.sleep(0.002)
    busy.append(timed(clear))
    while not window.timeline_current:
        app.processEvents()
        time.sleep(0.002)
print(json.dumps({
    "first_paint_s": painted["first"] - started,
    "text_filter_s": text,
    "subject_filter_s": subject,
    "clear_filter_s": cleared,
    "clear_while_busy_s": max(busy),
    "clear_while_opening_s": opening_clear,
    "scroll_while_opening_s": opening_scroll,
    "opening_busy": opening_busy,
    "timeline_s": timeline_s,
    "timeline_pause_s": max(gaps),
    "rows": window.model.total,
    "peak_rss_mb": peak_resident_mb(),
}))
window.close()
"""


def measure(path: Path) -> dict[str, float]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    started = time.time()
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), repr(started)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def run(events: int, subjects: int, repeats: int) -> dict[str, dict[str, float]]:
    with tempfile.TemporaryDirectory() as folder:
        small = generate_review(Path(folder) / "small.review", events=100, subjects=subjects)
        large = generate_review(Path(folder) / "large.review", events=events, subjects=subjects)
        results = {}
        for name, path in (("small", small), ("large", large)):
            runs = [measure(path) for _ in range(repeats)]
            # Best of the runs (for "opening_busy": whether every run was busy).
            results[name] = {key: min(r[key] for r in runs) for key in runs[0]}
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description="Workspace benchmark")
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--subjects", type=int, default=10)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    results = run(args.events, args.subjects, args.repeats)
    small, large = results["small"], results["large"]
    print(f"{'measure':<28}{'100 events':>14}{f'{args.events:,} events':>18}{'ratio':>10}")
    for key, label in (
        ("first_paint_s", "launch to first rows (s)"),
        ("text_filter_s", "text filter (s)"),
        ("subject_filter_s", "subject filter (s)"),
        ("clear_filter_s", "filter cleared (s)"),
        ("clear_while_busy_s", "cleared, timeline reading (s)"),
        ("clear_while_opening_s", "cleared, opening work (s)"),
        ("scroll_while_opening_s", "new page, opening (s)"),
        ("timeline_s", "timeline shown (s)"),
        ("timeline_pause_s", "longest pause meanwhile (s)"),
        ("peak_rss_mb", "peak resident (MB)"),
    ):
        print(f"{label:<28}{small[key]:>14.3f}{large[key]:>18.3f}{large[key] / small[key]:>10.2f}")
    print(
        "background work of opening still running when the filter was cleared: "
        f"{'yes' if small['opening_busy'] else 'no'} (small), "
        f"{'yes' if large['opening_busy'] else 'no'} (large, in every run)"
    )


if __name__ == "__main__":
    main()
