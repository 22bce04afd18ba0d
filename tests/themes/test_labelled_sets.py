"""The labelled sets behind the suggestion figures: well formed, and kept apart."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from bench.eval_suggestions import (
    BLIND_DATA,
    DATA,
    DEV_DATA,
    TUNE_DATA,
    Score,
    build_review,
    coverage,
    examples_cross_validation,
    load_phrases,
    load_readers,
    load_set,
    readers,
    run,
    score_choices,
    split,
    timing,
)
from investigator.themes.frameworks import available_frameworks, load_framework

CODES = {theme.code for theme in load_framework("six-themes").themes}


def test_every_set_is_well_formed_and_labelled_with_six_themes_codes() -> None:
    for path, least in ((DATA, 150), (BLIND_DATA, 150), (DEV_DATA, 100), (TUNE_DATA, 400)):
        events = load_set(path)
        assert len(events) >= least, path.name
        assert len({e.key for e in events}) == len(events), f"{path.name}: a key repeats"
        for event in events:
            assert event.summary.strip(), event.key
            assert 1 <= len(event.themes) <= 3, event.key
            assert event.themes <= CODES, (event.key, event.themes - CODES)
        # Every theme is represented, so no figure rests on a theme never asked for.
        assert set(Counter(code for e in events for code in e.themes)) == CODES


def test_no_service_user_is_in_two_sets() -> None:
    evaluation = {e.subject_code for e in load_set(DATA)}
    blind = {e.subject_code for e in load_set(BLIND_DATA)}
    development = {e.subject_code for e in load_set(DEV_DATA)}
    tuning = {e.subject_code for e in load_set(TUNE_DATA)}
    assert len(evaluation) == 10 and len(blind) == 12 and len(development) == 8
    assert len(tuning) == 40
    assert not evaluation & development
    assert not blind & (evaluation | development)
    assert not tuning & (evaluation | blind | development)
    # Keys of two letters make service users of two letters.
    assert {e.subject for e in load_set(BLIND_DATA) if e.key == "AC07"} == {"Service user AC"}


def test_the_evaluation_set_is_both_files_and_each_event_knows_its_file() -> None:
    events = load_set()
    assert [e.key for e in events] == [e.key for e in load_set(DATA) + load_set(BLIND_DATA)]
    assert {e.source for e in events} == {DATA.name, BLIND_DATA.name}


def test_the_figures_are_given_for_the_whole_and_for_each_files_share(
    capsys: pytest.CaptureFixture[str],
) -> None:
    train, test = split(load_set())
    first = [e for e in test if e.source == DATA.name][:4]
    blind = [e for e in test if e.source == BLIND_DATA.name][:5]
    run(train[:12], first + blind)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("(a) nothing tagged yet")
    assert lines[1].startswith("(b) after learning")
    assert lines[2] == f"  of which {DATA.name} (4 events):"
    assert lines[5] == f"  of which {BLIND_DATA.name} (5 events):"

    def labels(line: str) -> tuple[int, int]:
        match = re.search(r"\((\d+) of (\d+) labels found", line)
        assert match is not None, line
        return int(match[1]), int(match[2])

    # Each share counts its own events' labels, and the shares add up to the whole.
    for whole, one, other in ((lines[0], lines[3], lines[6]), (lines[1], lines[4], lines[7])):
        found, gold = labels(whole)
        assert labels(one)[1] == sum(len(e.themes) for e in first)
        assert labels(other)[1] == sum(len(e.themes) for e in blind)
        assert (labels(one)[0] + labels(other)[0], labels(one)[1] + labels(other)[1]) == (
            found,
            gold,
        )


def test_the_split_is_fixed_by_key_and_roughly_even() -> None:
    events = load_set(DATA)
    train, test = split(events)
    assert {e.key for e in train}.isdisjoint({e.key for e in test})
    assert len(train) + len(test) == len(events)
    assert abs(len(train) - len(test)) < len(events) // 5
    # The split depends on the keys alone: reversing the order changes nothing.
    again_train, _ = split(list(reversed(events)))
    assert {e.key for e in again_train} == {e.key for e in train}


def test_the_readers_gave_themes_for_exactly_the_test_half() -> None:
    _, test = split(load_set())
    given = load_readers()
    assert len(given) == 3
    for name, themes in given.items():
        assert set(themes) == {e.key for e in test}, name
        for key, codes in themes.items():
            assert 1 <= len(codes) <= 3 and len(set(codes)) == len(codes), (name, key)
            assert set(codes) <= CODES, (name, key)


def test_a_reader_is_scored_on_the_first_two_themes_as_the_engine_is() -> None:
    _, test = split(load_set())
    three = [e for e in test if len(e.themes) == 3][:2]
    events = three + [e for e in test if len(e.themes) == 1][:2]
    labels = sum(len(e.themes) for e in events)
    # Choosing every label, best first: two of three, and the single ones.
    exact = score_choices(events, {e.key: sorted(e.themes) for e in events})
    assert (exact.correct, exact.gold, exact.suggested) == (2 + 2 + 1 + 1, labels, 6)
    wrong = {e.key: sorted(CODES - e.themes)[:2] for e in events}
    assert score_choices(events, wrong).correct == 0


def test_the_readers_view_scores_each_reader_and_the_engine(
    capsys: pytest.CaptureFixture[str],
) -> None:
    train, test = split(load_set())
    readers(train[:12], test[:9])
    out = capsys.readouterr().out
    for name in "ABC":
        assert f"reader {name}, first two themes" in out
    assert "readers against one another" in out and "6 pairs" in out
    assert "engine (b), after learning from 12" in out
    gold = sum(len(e.themes) for e in test[:9])
    shared = [int(n) for n in re.findall(r"readers also gave: (\d+)", out)]
    assert len(shared) == 2 and sum(shared) == gold


def test_the_examples_view_holds_each_writer_out_and_compares(
    capsys: pytest.CaptureFixture[str],
) -> None:
    examples_cross_validation(folds=2, writers=2)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("The worked examples (192 entries, 16 service users)")
    assert "(2 folds)" in lines[0]
    figures = [re.findall(r"\d\.\d{3}", line) for line in lines[1:]]
    assert [line.split(":")[0].strip() for line in lines[1:]] == [
        "with the examples",
        "without the examples",
    ]
    assert all(len(found) == 2 for found in figures)
    labels = {re.search(r"\((\d+) labels\)", line)[1] for line in lines[1:]}  # type: ignore[index]
    assert len(labels) == 1 and int(labels.pop()) > 100


def test_the_timing_view_reports_each_variant(capsys: pytest.CaptureFixture[str]) -> None:
    train, _ = split(load_set())
    timing(train, load_set(DEV_DATA)[:12], rounds=1)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("12 events, ")
    variants = [line.split("µs an event")[1] for line in lines[1:]]
    assert len(variants) == 3
    citing = [int(re.findall(r"(\d+) citing similar events", v)[0]) for v in variants]
    # Learning brings similar events into the reasons; switching the search off removes them.
    assert citing[0] == 0 and citing[1] > 0 and citing[2] == 0


def test_the_recall_interval_brackets_the_figure_and_narrows_with_agreement() -> None:
    mixed = [(2, 2)] * 60 + [(1, 2)] * 25 + [(0, 1)] * 15
    score = Score(100, 200, sum(f for f, _ in mixed), sum(n for _, n in mixed), tuple(mixed))
    low, high = score.recall_interval()
    assert low < score.recall < high
    assert 0.05 < high - low < 0.25
    perfect = Score(50, 50, 50, 50, ((1, 1),) * 50)
    assert perfect.recall_interval() == (1.0, 1.0)


def test_the_first_phrases_replace_each_themes_own_in_the_foundation_view(tmp_path: Path) -> None:
    phrases = load_phrases()
    assert set(phrases) == CODES
    assert all(len(entries) >= 30 for entries in phrases.values())
    review, ids = build_review(tmp_path / "f.review", load_set(DEV_DATA)[:3], phrases)
    try:
        used = {theme.code: list(theme.lexicon) for theme in review.themes()}
        assert used == phrases
        # Today's phrases are not the first ones: the view measures something else.
        shipped = {t.code: list(t.lexicon) for t in load_framework("six-themes").themes}
        assert shipped != phrases
        assert len(ids) == 3
    finally:
        review.close()


def test_coverage_counts_every_shipped_framework_on_the_text(
    capsys: pytest.CaptureFixture[str],
) -> None:
    events = load_set(DEV_DATA)[:30]
    coverage(events)
    lines = capsys.readouterr().out.splitlines()
    heading = re.compile(r"^(.+): (\d+) suggestions for (\d+) events; (\d+) events get none$")
    seen: list[str] = []
    for template in available_frameworks():
        name, made, total, none = heading.fullmatch(lines.pop(0)).groups()  # type: ignore[union-attr]
        assert name == template.framework.name
        assert int(total) == 30 and 0 <= int(none) < 30
        rows = [lines.pop(0) for _ in template.themes]
        assert [row.split(None, 1)[1] for row in rows] == [t.name for t in template.themes]
        assert sum(int(row.split()[0]) for row in rows) == int(made)
        seen.append(name)
    assert not lines and len(seen) == 4
