"""The HTML report (factex.report): built from a small run of sentences written for it, then opened in a
real headless Chromium (Debian's package; .ci/run installs it) to check what a person sees.

The fixture run (tests/fixtures/report_run): two articles giving different figures for the same metric and
month (a conflict) and the same unemployment rate (corroborated), a series of tourist counts, a cumulative
count that goes down (flagged), an article of hostile text (markup, quotes, bidi overrides, a javascript:
URL in its metadata) and an empty file (a failure).
"""
from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from factex.batch import run
from factex.report import RunError, build_report
from factex.report.chart import series_chart
from factex.report.views import article_zones, conflict_view, number_text, signed_value_text

FIXTURE = Path(__file__).parent / "fixtures" / "report_run"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


# ---------------------------------------------------------------- the fixture run and its report


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """(out_dir, report summary) of a factex run over tests/fixtures/report_run."""
    root = tmp_path_factory.mktemp("report")
    articles = root / "articles"
    shutil.copytree(FIXTURE, articles)
    out = root / "out"
    run([articles], out, quiet=True)
    return out, build_report(out)


def jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def records(built):
    return jsonl(built[0] / "records.jsonl")


@pytest.fixture(scope="module")
def documents(built):
    return {d["doc"]: d for d in jsonl(built[0] / "documents.jsonl")}


def page_of(documents: dict, doc: str, report: Path) -> Path:
    doc_id = documents[doc]["id"]
    return report / "articles" / doc_id[:2] / f"{doc_id}.html"


def test_the_fixture_has_what_the_report_must_show(records):
    statuses = [r["status"] for r in records]
    assert "conflict" in statuses and "corroborated" in statuses
    assert any("cumulative_decrease" in r.get("flags", []) for r in records)
    assert len({r["series_id"] for r in records if r.get("series_id")}) >= 2


def test_build_writes_static_pages_that_need_no_network(built, records, documents):
    out, summary = built
    report = summary.report_dir
    assert report == out / "report" and summary.index.is_file()
    assert summary.records == len(records) and summary.conflicts == sum(r["status"] == "conflict" for r in records)
    assert summary.failures == 1 and summary.pages == 5  # every article with facts; the empty file failed
    assert {p.name for p in (report / "static").iterdir()} == {"report.css", "report.js"}
    for page in report.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert '<html lang="ar" dir="rtl">' in text
        assert not re.search(r'(src="|<link[^>]*href=")(https?:)?//', text), f"{page} loads something from the network"
    for static in (report / "static").iterdir():
        assert not re.search(r"(url\(|@import|fetch\(|XMLHttpRequest)", static.read_text(encoding="utf-8")), static
    data = (report / "records.js").read_text(encoding="utf-8")
    assert data.startswith("window.FACTEX_RECORDS = ") and "</" not in data
    rows = json.loads(data[len("window.FACTEX_RECORDS = ") : -2])["rows"]
    assert sorted(r[0] for r in rows) == sorted(r["record_id"] for r in records)
    index = summary.index.read_text(encoding="utf-8")
    assert "d_empty.txt" in index and "empty file" in index


def test_overview_counts(built, records):
    index = built[1].index.read_text(encoding="utf-8")
    overview = index[index.index('id="overview"') : index.index('id="conflicts"')]
    numbers = [int(n.replace(",", "")) for n in re.findall(r'<span class="n num">([\d,]+)</span>', overview)]
    facts = len(jsonl(built[0] / "facts.jsonl"))
    conflicts = sum(r["status"] == "conflict" for r in records)
    assert numbers[:4] == [conflicts, 5, facts, len(records)]


def test_article_text_is_read_from_its_file_when_documents_omit_it(built, documents):
    out, summary = built
    assert "text" not in documents["a_health.txt"]  # the file is the text: documents.jsonl leaves it out
    page = page_of(documents, "a_health.txt", summary.report_dir).read_text(encoding="utf-8")
    assert "جهة الشرق" in page and 'class="fact"' in page


def test_a_changed_or_missing_file_is_said_not_mis_highlighted(built, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(built[0], out, ignore=shutil.ignore_patterns("report"))
    lines = jsonl(out / "documents.jsonl")
    changed, missing = tmp_path / "changed.txt", tmp_path / "gone.txt"
    changed.write_text("نص آخر تماما", encoding="utf-8")
    for line in lines:
        if line["doc"] == "a_health.txt":
            line["path"] = str(changed)
        if line["doc"] == "b_health.txt":
            line["path"] = str(missing)
    (out / "documents.jsonl").write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), encoding="utf-8")
    report = build_report(out).report_dir
    by_doc = {line["doc"]: line for line in lines}
    assert "تغيّر بعد التشغيل" in page_of(by_doc, "a_health.txt", report).read_text(encoding="utf-8")
    assert "غير متاح" in page_of(by_doc, "b_health.txt", report).read_text(encoding="utf-8")


def test_hostile_text_is_escaped_and_bidi_controls_are_shown(built, documents):
    report = built[1].report_dir
    page = page_of(documents, "c_hostile.txt", report).read_text(encoding="utf-8")
    assert "&lt;script&gt;document.title" in page and "<script>document" not in page
    assert "&lt;img src=x onerror=" in page and "<img src=x" not in page
    assert "&lt;b&gt;عنوان&lt;/b&gt;" in page  # the title from the sidecar
    assert "javascript:" not in page  # a javascript: URL in the metadata is not made a link
    assert "[U+202E]" in page
    for path in report.rglob("*"):
        if path.suffix in (".html", ".js"):
            assert "\u202e" not in path.read_text(encoding="utf-8"), f"raw RLO in {path}"


def test_same_report_with_worker_processes(built, tmp_path):
    two = build_report(built[0], tmp_path / "two", workers=2).report_dir
    one = built[1].report_dir
    files = sorted(p.relative_to(one) for p in one.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(two) for p in two.rglob("*") if p.is_file())
    assert all((one / f).read_bytes() == (two / f).read_bytes() for f in files)


def test_report_refuses_to_replace_a_folder_it_did_not_make(built, tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(RunError, match="not a factex report"):
        build_report(built[0], tmp_path)
    assert (tmp_path / "notes.txt").exists()


def test_cli_report_and_its_one_line_errors(built, tmp_path):
    def factex(*args):
        return subprocess.run([sys.executable, "-c", "from factex.cli import app; app()", *map(str, args)],
                              capture_output=True, text=True)

    done = factex("run", FIXTURE, "--out-dir", tmp_path / "run", "--report", "--quiet")
    assert done.returncode == 1 and "d_empty.txt: empty file" in done.stderr  # the empty file; the report is built
    assert (tmp_path / "run" / "report" / "index.html").is_file()
    done = factex("report", built[0], "-o", tmp_path / "rep")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "rep" / "index.html").is_file() and "report:" in done.stderr
    failed = factex("report", tmp_path / "nowhere")
    assert failed.returncode == 1 and "Traceback" not in failed.stderr
    assert failed.stderr.strip().count("\n") == 0 and "documents.jsonl: missing" in failed.stderr
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "documents.jsonl").write_text("{}\n", encoding="utf-8")
    (bad / "records.jsonl").write_text("not json\n", encoding="utf-8")
    failed = factex("report", bad)
    assert failed.returncode == 1 and "records.jsonl:1: not JSON" in failed.stderr and "Traceback" not in failed.stderr


def test_tolerates_fields_the_schema_may_gain_or_lack(tmp_path):
    """Text kept in documents.jsonl; variants with their own `support`, a record `reason` and unknown
    fields; a record with nothing optional: the report builds and shows what it knows."""
    texts = {"x.txt": "قالت الوزارة إن 1200 مصاب سجلوا", "y.txt": "وذكرت مصادر أن 1500 مصاب سجلوا"}
    lines = {"documents": [], "facts": [], "records": []}
    for n, (doc, text) in enumerate(texts.items()):
        start = text.index("1")
        lines["documents"].append({"id": f"d{n}aa", "doc": doc, "text": text, "meta": {"publisher": f"P{n}"}, "future": 1})
        lines["facts"].append({"id": f"f{n}", "doc": doc, "value": float(text[start:start + 4]), "start": start, "end": start + 4,
                               "surface": text[start:start + 4], "sentence": text, "sentence_start": 0, "future": [1]})
    mentions = [{"fact_id": f"f{n}", "doc": doc, "value": lines["facts"][n]["value"], "start": lines["facts"][n]["start"],
                 "end": lines["facts"][n]["end"], "sentence": texts[doc]} for n, doc in enumerate(texts)]
    lines["records"] = [
        {"record_id": "r1", "status": "conflict", "metric": "عدد المصابين", "value": 1200.0, "mentions": mentions,
         "reason": "قيمتان مختلفتان للفترة نفسها", "latest": {"value": 1500.0},
         "variants": [{"value": 1200.0, "docs": ["x.txt"], "support": 1}, {"value": 1500.0, "docs": ["y.txt"], "support": 4}]},
        {"record_id": "r2", "status": "single", "value": 7.0, "mentions": []},
    ]
    for name, items in lines.items():
        (tmp_path / f"{name}.jsonl").write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items), encoding="utf-8")
    summary = build_report(tmp_path)
    index = summary.index.read_text(encoding="utf-8")
    assert summary.pages == 2 and summary.failures == 0 and "قيمتان مختلفتان للفترة نفسها" in index
    assert index.index("1,500") < index.index("1,200")  # the variant with more support first
    assert "<mark>1500</mark>" in index and "articles/d1/d1aa.html#f-f1" in index
    page = (summary.report_dir / "articles" / "d0" / "d0aa.html").read_text(encoding="utf-8")
    assert 'id="f-f0"' in page and "index.html#record=r1" in page


# ---------------------------------------------------------------- views (no browser)

VALUES = [  # value, value_max, qualifier -> as shown
    (22500000.0, None, "approx", "≈ 22,500,000"),
    (102000.0, None, "gt", "> 102,000"),
    (2.92, None, None, "2.92"),
    (1000.0, 2000.0, None, "1,000–2,000"),
    (0.5, None, "lt", "< 0.5"),
]


@pytest.mark.parametrize("value,value_max,qualifier,shown", VALUES)
def test_values_as_shown(value, value_max, qualifier, shown):
    assert signed_value_text({"value": value, "value_max": value_max, "qualifier": qualifier}) == shown


def test_number_text_keeps_big_integers_whole():
    assert number_text(9.5e9) == "9,500,000,000" and number_text(None) == ""


def fact(fid, start, end, repeats=()):
    return {"id": fid, "start": start, "end": end, "repeats": list(repeats)}


def test_article_zones_mark_figures_and_the_body_boundary():
    text = "MENU 12 | body 5 and 7 and 5 again | FOOTER"
    body_start, body_end = text.index("body"), text.index(" | FOOTER")
    facts = [fact("a", text.index("5"), text.index("5") + 1, [(text.rindex("5"), text.rindex("5") + 1)]),
             fact("b", text.index("7"), text.index("7") + 1), fact("c", 5, 7)]
    zones, unmarked = article_zones(text, body_start, body_end, facts)
    assert [z["kind"] for z in zones] == ["chrome", "body", "chrome"] and unmarked == 0
    assert "".join(p["text"] for z in zones for p in z["parts"]) == text
    marked = [(p["text"], p["fact"]["id"], p["repeat"]) for z in zones for p in z["parts"] if p["fact"]]
    assert marked == [("12", "c", False), ("5", "a", False), ("7", "b", False), ("5", "a", True)]
    assert zones[0]["has_fact"] and not zones[2]["has_fact"]


def test_overlapping_or_out_of_text_figures_stay_unmarked():
    zones, unmarked = article_zones("abc 1234 def", 0, None, [fact("a", 4, 8), fact("b", 6, 8), fact("c", 10, 99)])
    assert unmarked == 2 and [p["fact"]["id"] for p in zones[0]["parts"] if p["fact"]] == ["a"]


class FakeRun:
    def fact(self, doc, fact_id):
        return {"surface": "1500", "sentence_start": 0} if fact_id == "f2" else None


def test_conflict_variants_are_ordered_by_support_with_their_sentences():
    mention = lambda fid, doc, value, sentence: {"fact_id": fid, "doc": doc, "value": value, "start": sentence.index(str(int(value))),
                                                  "sentence": sentence, "publisher": doc.upper()}
    record = {"record_id": "r1", "status": "conflict", "metric": "عدد المصابين", "unit": "مصاب", "date": "2025-03",
              "mentions": [mention("f1", "a", 1200.0, "بلغ 1200 مصاب"), mention("f2", "b", 1500.0, "وصل 1500 مصاب"),
                           mention("f3", "c", 1500.0, "نحو 1500 مصاب")],
              "variants": [{"value": 1200.0, "docs": ["a"]}, {"value": 1500.0, "docs": ["b", "c"]}]}
    pages = {"b": {"href": "articles/bb/b.html", "publisher": "B"}}
    view = conflict_view(record, FakeRun(), pages)
    assert [v["value"] for v in view["variants"]] == ["1,500", "1,200"] and view["variants"][0]["support"] == 2
    first = view["variants"][0]["mentions"][0]
    assert (first["before"], first["figure"], first["after"]) == ("وصل ", "1500", " مصاب")
    assert first["href"] == "articles/bb/b.html#f-f2" and view["variants"][1]["mentions"][0]["href"] is None


def test_series_chart_runs_in_time_and_marks_the_decrease():
    points = [{"date": "2025-01", "value": 500000.0, "decrease": False}, {"date": "2025-03", "value": 450000.0, "decrease": True},
              {"date": "2024", "value": 300000.0, "decrease": False}]
    chart = series_chart(sorted(points, key=lambda p: p["date"]))
    xs = [d["x"] for d in chart["dots"]]
    assert xs == sorted(xs) and chart["dots"][-1]["decrease"]
    assert chart["dots"][1]["y"] < chart["dots"][2]["y"] < chart["dots"][0]["y"]  # SVG y grows downwards


# ---------------------------------------------------------------- in a real browser

def chromium() -> str:
    for name in (os.environ.get("FACTEX_CHROMIUM"), "chromium", "chromium-browser", "google-chrome"):
        if name and shutil.which(name):
            return shutil.which(name)
    if os.environ.get("CI"):
        pytest.fail("Chromium is missing: .ci/run installs Debian's chromium")
    pytest.skip("no Chromium on this machine (apt-get install chromium)")


def browse(url: str, tmp_path: Path, *extra: str) -> str:
    """The DOM of `url` after its scripts ran (and 10 s of virtual time), as Chromium serialises it."""
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    done = subprocess.run([chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--virtual-time-budget=10000",
                           *extra, "--dump-dom", url], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


HARNESS = """<!doctype html><meta charset="utf-8"><pre id="result">pending</pre><script>
const out = {};
const sleep = ms => new Promise(r => setTimeout(r, ms));
const frame = src => new Promise(done => {
  const f = document.createElement('iframe');
  f.style.width = '1280px'; f.style.height = '900px';
  f.onload = () => done(f.contentWindow); f.src = src; document.body.appendChild(f);
});
const rows = d => [...d.querySelectorAll('#records-table tbody tr:not(.detail)')].map(tr => ({
  id: tr.dataset.id, status: tr.className, metric: tr.querySelector('.c-metric').textContent,
  unit: tr.querySelector('.c-unit').textContent}));
const type = async (w, id, value, event) => {
  const input = w.document.getElementById(id); input.value = value;
  input.dispatchEvent(new w.Event(event, {bubbles: true})); await sleep(400);
};
(async () => {
  try {
    const w = await frame(CONFIG.index), d = w.document;
    out.conflicts = [...d.querySelectorAll('#conflicts article.conflict')].map(a => ({
      id: a.id, metric: a.querySelector('h3').innerText,
      variants: [...a.querySelectorAll('.variant')].map(v => ({
        value: v.querySelector('.big .num').innerText, figure: (v.querySelector('blockquote mark') || {}).innerText || '',
        quote: (v.querySelector('blockquote') || {}).innerText || ''}))}));
    out.all = rows(d);
    await type(w, 'f-status', 'conflict', 'change'); out.byStatus = rows(d); out.hash = w.location.hash;
    await type(w, 'f-status', '', 'change');
    await type(w, 'f-q', CONFIG.query, 'input'); out.byText = rows(d);
    await type(w, 'f-q', '', 'input');
    await type(w, 'f-unit', '%', 'input'); out.byUnit = rows(d);
    await type(w, 'f-unit', '', 'input');
    d.querySelector('button[data-sort="value"]').click(); out.sortedDesc = rows(d).map(r => r.id);
    out.width = [d.documentElement.scrollWidth, d.documentElement.clientWidth];
    const a = await frame(CONFIG.article), mark = a.document.getElementById('f-' + CONFIG.fact);
    const tip = mark.querySelector('.tip');
    out.tipHidden = a.getComputedStyle(tip).display;
    mark.focus(); out.tipFocused = a.getComputedStyle(tip).display;
    out.tip = tip.innerText; out.tipLink = tip.querySelector('a').getAttribute('href');
    out.articleWidth = [a.document.documentElement.scrollWidth, a.document.documentElement.clientWidth];
    const r = await frame(CONFIG.index + '#record=' + CONFIG.record); await sleep(200);
    out.recordRows = rows(r.document);
    out.recordLinks = [...r.document.querySelectorAll('#records-table tr.detail a')].map(x => x.getAttribute('href'));
    const h = await frame(CONFIG.hostile);
    out.pwned = [h.document.body.getAttribute('data-pwned'), h.document.title.includes('pwned')];
    out.hostileText = h.document.querySelector('.zone.body').innerText;
  } catch (e) { out.error = String(e && e.stack || e); }
  document.getElementById('result').textContent = JSON.stringify(out);
})();
</script>"""


@pytest.fixture(scope="module")
def seen(built, records, documents, tmp_path_factory):
    """What the harness page saw in the report (loaded in iframes of 1280 px, driven through its controls)."""
    report = built[1].report_dir
    facts = jsonl(built[0] / "facts.jsonl")
    conflict = next(r for r in records if r["status"] == "conflict")
    shown = next(f for f in facts if f["id"] == conflict["mentions"][0]["fact_id"])
    config = {"index": report.joinpath("index.html").as_uri(), "query": "السياح",
              "article": page_of(documents, shown["doc"], report).as_uri(), "fact": shown["id"], "record": conflict["record_id"],
              "hostile": page_of(documents, "c_hostile.txt", report).as_uri()}
    tmp = tmp_path_factory.mktemp("browser")
    harness = tmp / "harness.html"
    harness.write_text(HARNESS.replace("CONFIG", json.dumps(config, ensure_ascii=False)), encoding="utf-8")
    dom = browse(harness.as_uri(), tmp, "--allow-file-access-from-files")
    result = html.unescape(re.search(r'<pre id="result">(.*?)</pre>', dom, re.S).group(1))
    seen = json.loads(result)
    assert "error" not in seen, seen.get("error")
    return {**seen, "shown": shown, "conflict": conflict}


def test_browser_conflicts_section_lists_each_conflict_with_its_variants(seen, records):
    conflicts = {f"r-{r['record_id']}": r for r in records if r["status"] == "conflict"}
    assert {c["id"] for c in seen["conflicts"]} == set(conflicts)
    for card in seen["conflicts"]:
        record = conflicts[card["id"]]
        assert sorted(v["value"] for v in card["variants"]) == sorted(number_text(v["value"]) for v in record["variants"])
        for variant in card["variants"]:
            assert variant["figure"] and variant["figure"] in variant["quote"]  # the figure highlighted in its sentence


def test_browser_a_highlighted_figure_shows_its_tuple_on_focus(seen):
    fact = seen["shown"]
    assert seen["tipHidden"] == "none" and seen["tipFocused"] == "block"
    for part in (fact["metric"], number_text(fact["value"]), fact["unit"], fact["date"], fact["source"]):
        assert part in seen["tip"]
    assert seen["tipLink"] == f"../../index.html#record={seen['conflict']['record_id']}"
    assert [r["id"] for r in seen["recordRows"]] == [seen["conflict"]["record_id"]]
    assert any(link.endswith(f"#f-{fact['id']}") for link in seen["recordLinks"])


def test_browser_filters_narrow_the_records_table(seen, records):
    assert len(seen["all"]) == len(records)
    assert len(seen["byStatus"]) == sum(r["status"] == "conflict" for r in records) < len(records)
    assert all(r["status"] == "status-conflict" for r in seen["byStatus"]) and "status=conflict" in seen["hash"]
    assert 0 < len(seen["byText"]) < len(records) and all("السياح" in r["metric"] for r in seen["byText"])
    assert 0 < len(seen["byUnit"]) < len(records) and all(r["unit"] == "%" for r in seen["byUnit"])
    values = {r["record_id"]: r["value"] for r in records}
    assert [values[i] for i in seen["sortedDesc"]] == sorted(values.values(), reverse=True)


def test_browser_no_horizontal_scrolling_at_1280px(seen):
    assert seen["width"][0] <= seen["width"][1] and seen["articleWidth"][0] <= seen["articleWidth"][1]


def test_browser_hostile_text_is_shown_never_run(seen):
    assert seen["pwned"] == [None, False]
    assert '<script>document.title="pwned"' in seen["hostileText"] and "onerror=" in seen["hostileText"]


def test_browser_filter_from_the_url_without_the_harness(built, records, tmp_path):
    dom = browse(built[1].index.as_uri() + "#status=corroborated", tmp_path)
    body = dom[dom.index("<tbody>") : dom.index("</tbody>")]
    statuses = re.findall(r'<tr class="status-(\w+)', body)
    assert statuses == ["corroborated"] * sum(r["status"] == "corroborated" for r in records)


def test_browser_screenshot_is_not_blank(built, tmp_path):
    from PIL import Image, ImageStat

    shot = tmp_path / "report.png"
    done = subprocess.run([chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--hide-scrollbars",
                           "--window-size=1280,1600", "--virtual-time-budget=5000", f"--screenshot={shot}",
                           built[1].index.as_uri()], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and shot.is_file(), done.stderr[-2000:]
    image = Image.open(shot).convert("L")
    assert image.size == (1280, 1600)
    assert ImageStat.Stat(image).stddev[0] > 20  # text, cards and colours, not a blank page
    assert len(image.getcolors(1 << 16)) > 50
