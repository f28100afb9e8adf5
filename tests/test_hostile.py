"""Hostile input: property tests over the normaliser, the number parser and extraction (never raise, offsets
inside the text and on the figure), and pathological texts that must take linear time (no catastrophic
backtracking, no quadratic scans). Timings run in a subprocess with a time limit, so a blow-up fails the
test instead of hanging the suite, and use CPU time, so a busy machine does not fail them."""
from __future__ import annotations

import json
import math
import subprocess
import sys
import textwrap

import pytest
from hypothesis import HealthCheck, example, given, settings, strategies as st

from factex.extract import extract_facts
from factex.read import read_text
from factex.normalize import _TABLE, fold, normalize
from factex.numbers import number_words, parse_figures, scales

BIDI = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c\u200b\u200c\u200d\ufeff"
PIECES = [
    "بلغ", "عدد", "السكان", "حوالي", "نحو", "أكثر من", "مليون", "ملايين", "ألف", "آلاف", "مليار", "ثلاثة", "عشرين",
    "ومئة", "نسمة", "دولار", "ريال", "بالمئة", "%", "٪", "في", "عام", "2015", "يوليو", "بين", "و", "إلى", "من",
    "0", "7", "12", "1,234", "22,5", "3.5", "١٢٣", "٤٥٫٦", "۱۲۳", "٬", "٫", ",", ".", "-", "/", ":", "(", ")", "«", "»",
    " ", " ", " ", "\n", "\u00a0", "\u202f", "\u0640", "\u064b", "\u0651", "ﻻ", "ﺍ", "abc", "USD", "e", *BIDI,
]
TEXTS = st.one_of(st.text(max_size=200), st.lists(st.sampled_from(PIECES), max_size=80).map("".join))
PROPS = settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])

NUMBER_WORDS = {w for phrase in [*number_words(), *scales()] for w in phrase.split()}


def on_a_figure(surface: str) -> bool:
    """The span holds digits (any script) or a number word."""
    folded = fold(surface)
    return any(c.isdigit() for c in folded) or any(w in folded for w in NUMBER_WORDS)


@PROPS
@given(st.one_of(TEXTS, st.text(alphabet=st.sampled_from(sorted(map(chr, _TABLE)) + list("ابتث 12.")), min_size=25)))
def test_long_texts_fold_as_the_table_says(text):
    """`fold` does not run str.translate on long texts (speed): the result is still the table's."""
    assert fold(text) == text.translate(_TABLE)
    if "\u200f" not in text:  # a right-to-left mark may reorder a visually stored decimal
        assert normalize(text).text == text.translate(_TABLE)


@PROPS
@given(TEXTS)
def test_normalize_maps_every_character_back(text):
    norm = normalize(text)
    assert isinstance(norm.text, str) and len(norm.text) <= len(text)
    previous = -1
    for i, ch in enumerate(norm.text):
        j = norm.to_original(i)
        assert previous < j < len(text)
        assert fold(text[j]) == ch  # the folded character comes from that original character
        previous = j
    for a in range(0, len(norm.text) + 1, 3):
        s, e = norm.span(a, min(a + 5, len(norm.text)))
        assert 0 <= s <= e <= len(text)


@PROPS
@given(TEXTS)
@example("0\n\U00011bf0")  # a digit of a script newer than Python's int() knows, on the line after a number
def test_number_parser_offsets_point_at_the_figure(text):
    for fig in parse_figures(text):
        assert 0 <= fig.start < fig.end <= len(text)
        assert on_a_figure(text[fig.start:fig.end]), (text[fig.start:fig.end], fig)
        assert math.isfinite(fig.value)
        assert fig.value_max is None or math.isfinite(fig.value_max)


@PROPS
@given(TEXTS)
@example("0%آلى")  # «الى» as the last token: the date check looked one token past the end
@example("بتاريخ 1\U00011bf0/2/2015 بلغ عدد الزوار 500 زائر")  # a numeric date with a digit int() does not know
def test_extraction_offsets_point_at_the_figure(text):
    document = read_text(text, doc="t")
    assert document.text == text
    for fact in extract_facts(document):
        assert 0 <= fact.start < fact.end <= len(text)
        assert text[fact.start:fact.end] == fact.surface
        assert on_a_figure(fact.surface), fact
        assert math.isfinite(fact.value)
        for s, e in fact.repeats:
            assert 0 <= s < e <= len(text)


# ---------------------------------------------------------------- pathological inputs, linear time

# name -> Python expression of a text of about n characters
CASES = {
    "10 MB line, no spaces": "('العدد٣٤٥مليون1,5%' * n)[:n]",
    "100k consecutive digits": "'٣' * (n // 2) + '7' * (n // 2)",
    "digit groups (phone/date-like)": "('12 34-56/78.90:12,' * n)[:n]",
    "mixed scripts and bidi controls": "('\u202bبلغ العدد 1,234\u202c abc \u2067٥٠٠\u2069 % Ωж中 ' * n)[:n]",
    "number words, no sentence end": "('ثلاثة ملايين وعشرين ألف و' * n)[:n]",
}
HTML = "'<div>' * (n // 10) + 'بلغ العدد 5 ملايين' + '</div>' * (n // 10)"

PROBE = textwrap.dedent("""
    import json, sys, time
    from factex.extract import extract_facts
    from factex.read import read_text
    from factex.normalize import normalize
    from factex.numbers import parse_figures
    fn = {"normalize": normalize, "parse_figures": parse_figures,
          "read_text": lambda t: read_text(t, doc="x"),
          "extract": lambda t: extract_facts(read_text(t, doc="x"))}[sys.argv[1]]
    out = []
    for n in map(int, sys.argv[3:]):
        n = int(n)
        text = eval(sys.argv[2])
        best = None
        for _ in range(2 if n < 200_000 else 1):
            t = time.process_time()
            fn(text)
            best = min(best or 1e9, time.process_time() - t)
        out.append(best)
    print(json.dumps(out))
""")


def cpu_seconds(fn: str, expr: str, sizes, limit: float) -> list[float]:
    try:
        done = subprocess.run([sys.executable, "-c", PROBE, fn, expr, *map(str, sizes)],
                              capture_output=True, text=True, timeout=limit)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{fn} did not finish in {limit:.0f} s on sizes {sizes}")
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


def assert_linear(fn: str, expr: str, n: int, limit: float = 60) -> None:
    small, big = cpu_seconds(fn, expr, [n, 4 * n], limit)
    # 4x the input: linear gives ~4x the time, quadratic ~16x; allow for noise and fixed costs
    assert big <= 8 * small + 0.2, f"{fn}: {n} chars {small:.3f} s, {4 * n} chars {big:.3f} s (not linear)"


@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("fn", ["normalize", "parse_figures"])
def test_number_layer_is_linear(fn, case):
    assert_linear(fn, CASES[case], 100_000)


@pytest.mark.parametrize("case", list(CASES))
def test_extraction_is_linear(case):
    assert_linear("extract", CASES[case], 5_000)


@pytest.mark.parametrize("fn", ["normalize", "parse_figures", "read_text"])
def test_ten_megabyte_line(fn):
    (seconds,) = cpu_seconds(fn, CASES["10 MB line, no spaces"], [6_000_000], limit=120)  # 10.6 MB of UTF-8
    assert seconds < 60


def test_deeply_nested_html(tmp_path):
    from factex.read import read_path

    code = textwrap.dedent(f"""
        import sys, time
        from factex.read import read_path
        from factex.extract import extract_facts
        n = 200_000
        open(sys.argv[1], "w", encoding="utf-8").write({HTML})
        t = time.process_time()
        docs = read_path(sys.argv[1])
        facts = [f for d in docs if d.status == "ok" for f in extract_facts(d)]
        print(len(docs), time.process_time() - t)
    """)
    page = tmp_path / "deep.html"
    try:
        done = subprocess.run([sys.executable, "-c", code, str(page)], capture_output=True, text=True, timeout=120)
    except subprocess.TimeoutExpired:
        pytest.fail("deeply nested HTML did not finish in 120 s")
    assert done.returncode == 0, done.stderr[-2000:]
    n_docs, seconds = done.stdout.split()
    assert int(n_docs) == 1 and float(seconds) < 30
    assert read_path(page)[0].status in ("ok", "error")  # and no exception here either
