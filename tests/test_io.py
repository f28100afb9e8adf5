"""factex.read: encodings, JSON records, sidecars, HTML, the body of web pages and their metadata.

Most cases are data: tests/corpus/io_cases.jsonl, one case a line (a file to write and read back, a
text to read, or a date line), with placeholders ({P1}, {TITLE}, {MENU}, ...) defined below.
"""
from __future__ import annotations

import io as stdio
import json
import random
import sys
import time
from pathlib import Path

import pytest

from factex.read import date_line, find_body, iter_files, read_path, read_text
from factex.lexicon import load_months, load_table
from factex.schema import DocumentMeta, stable_id

ROOT = Path(__file__).resolve().parents[1]
CASES = [json.loads(line) for line in (ROOT / "tests/corpus/io_cases.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"
GOLD_DOCS = SHARED / "gold/seeds.docs.jsonl"
BENCH = SHARED / "bench"

TITLE = "وزير التجهيز: تأهيل الطرق القروية رافعة لتنمية أكثر توازنا بين الجهات"
P1 = "أكد وزير التجهيز، اليوم الثلاثاء بمراكش، عزم الوزارة على تسريع إنجاز البرنامج الوطني لتأهيل الطرق والمسالك القروية في مختلف جهات المملكة."
P2 = "وأوضح أن طول الطرق المنجزة في إطار البرنامج بلغ حوالي 22,5 ألف كيلومتر، في حين بلغ عدد الأسر المستفيدة من فك العزلة عن الدواوير 5,3 مليون أسرة."
P3 = "سجلت وزارة الصحة 7 إصابات جديدة بالإنفلونزا الموسمية، فيما بلغ عدد حالات الشفاء 95 حالة في المملكة منذ مطلع الأسبوع."
MENU = "\n".join(f"  • {item}" for item in ("الرئيسية", "سياسة", "مجتمع", "رياضة", "فن و ثقافة", "إقتصاد"))
TICKER = "    ".join([
    "التمويل التعاوني يسجل نموا بالمغرب", "البرازيل: 2,7 مليار عملية دفع إلكتروني في شهر واحد",
    "رياح قوية في توقعات طقس يوم الأربعاء", "الشرطة البرازيلية تفتش مقر وزارة النقل",
    "وزير المالية: 53 مليار درهم لدعم القدرة الشرائية", "نسبة ملء سد الوحدة تناهز 86%",
    "أكادير تطلق خطا جديدا للحافلات بكلفة 65 مليون درهم", "ارتفاع أسعار الذهب مع تراجع الدولار",
]) + "    "
HTML = (
    '<!DOCTYPE html><html lang="ar"><head><meta charset="{CHARSET}"><title>أخنوش يؤكد حرص الحكومة | هسبريس</title>'
    '<meta property="og:site_name" content="هسبريس"><meta name="author" content="هند الدبالي">'
    '<meta property="article:published_time" content="2025-09-17T10:00:00+01:00"></head><body>'
    '<nav><ul><li><a href="/">الرئيسية</a></li><li><a href="/s">سياسة</a></li><li>154 حافلة حديثة</li></ul></nav>'
    '<div class="wrap"><div class="main"><div class="col"><article><h1>أخنوش يؤكد حرص الحكومة</h1>'
    "<p>{P1}</p><div><div><p>{P2}</p></div></div></article></div></div></div>"
    "<aside><h3>أخبار ذات صلة</h3><ul><li>عملية العبور: 3 ملايين مسافر عبر موانئ الشمال</li></ul></aside>"
    "<footer><p>© 2024 هسبريس جميع الحقوق محفوظة</p></footer></body></html>"
)
PLACEHOLDERS = {
    "{HTML}": HTML, "{TICKER}": TICKER, "{MENU}": MENU, "{TITLE}": TITLE, "{P1}": P1, "{P2}": P2, "{P3}": P3,
    "{DEEP}": "<div>" * 20000, "{UNDEEP}": "</div>" * 20000,
}
META_FIELDS = ("title", "published", "publisher", "author", "url", "country")


def expand(value, charset="utf-8"):
    if isinstance(value, str):
        for key, text in PLACEHOLDERS.items():
            value = value.replace(key, text)
        return value.replace("{CHARSET}", charset)
    if isinstance(value, list):
        return [expand(v, charset) for v in value]
    return value


def write_case(tmp_path: Path, case: dict) -> Path:
    path, spec = tmp_path / case["file"], case["write"]
    encoding = spec.get("encoding", "utf-8")
    if "sparse" in spec:
        with open(path, "wb") as fh:
            fh.truncate(spec["sparse"])
    elif "random" in spec:
        seed, size, low, high = spec["random"]
        rng = random.Random(seed)
        path.write_bytes(bytes(rng.randrange(low, high) for _ in range(size)))
    elif "hex" in spec:
        path.write_bytes(bytes.fromhex(spec["hex"]) * spec.get("repeat", 1))
    else:
        charset = {"cp1256": "windows-1256"}.get(encoding, "utf-8")
        data = bytes.fromhex(spec.get("bom", "")) + expand(spec["text"], charset).encode(encoding)
        if "then" in spec:
            data += bytes.fromhex(spec.get("append_hex", "")) + expand(spec["then"]).encode(encoding)
        path.write_bytes(data)
    side = path.with_name(path.stem + ".meta.json")
    if "sidecar" in case:
        side.write_text(json.dumps(case["sidecar"], ensure_ascii=False), encoding="utf-8")
    if "sidecar_raw" in case:
        side.write_text(case["sidecar_raw"], encoding="utf-8")
    return path


def check(document, expect: dict) -> None:
    if "error" not in expect and "error_has" not in expect:
        assert document.status == expect.get("status", "ok"), document.error
    for key, want in expect.items():
        want = expand(want)
        body = document.body
        if key == "error":
            assert (document.status, document.error) == ("error", want)
        elif key == "error_has":
            assert document.status == "error" and want in document.error
        elif key == "warning":
            assert any(want in w for w in document.warnings or []), document.warnings
        elif key in ("status", "encoding", "doc", "text"):
            assert getattr(document, key) == want, key
        elif key in META_FIELDS:
            assert getattr(document.meta, key) == want, key
        elif key == "contains":
            assert all(w in document.text for w in want)
        elif key == "excludes":
            assert not any(w in document.text for w in want)
        elif key == "body":
            assert [document.body_start, document.body_end] == want
        elif key == "body_starts":
            assert body.startswith(want), body[:80]
        elif key == "body_ends":
            assert body.endswith(want), body[-80:]
        elif key == "body_excludes":
            assert not any(w in body for w in want), [w for w in want if w in body]
        else:
            raise AssertionError(f"unknown expectation {key}")


def test_corpus_is_a_table_of_many_unique_cases():
    ids = [c["id"] for c in CASES]
    assert len(ids) >= 40 and len(set(ids)) == len(ids)


@pytest.mark.parametrize("case", [c for c in CASES if "file" in c], ids=lambda c: c["id"])
def test_file_case(tmp_path, case):
    documents = read_path(write_case(tmp_path, case))
    if "expect_docs" in case:
        assert len(documents) == len(case["expect_docs"]), [d.doc for d in documents]
        for document, expect in zip(documents, case["expect_docs"]):
            check(document, expect)
    else:
        assert len(documents) == 1
        check(documents[0], case["expect"])


@pytest.mark.parametrize("case", [c for c in CASES if "text" in c], ids=lambda c: c["id"])
def test_text_case(case):
    document = read_text(expand(case["text"]), doc="case", meta=DocumentMeta(**case.get("meta", {})))
    check(document, case["expect"])


@pytest.mark.parametrize("case", [c for c in CASES if "date_line" in c], ids=lambda c: c["id"])
def test_date_line_case(case):
    assert date_line(case["date_line"]) == case["expect"]


# ---------------------------------------------------------------------------------------------- seeds

SEED_META = {  # as in gold/seeds.docs.jsonl; a title given as a line number is that line of the seed (not copied here)
    "000_8abdae56c2938a21.txt": {"published": None, "publisher": None, "title": None, "author": "هند الدبالي"},
    "001_bfd83d6aaa59638f.txt": {"published": "2025-09-17", "publisher": "كويك بوست", "author": None,
                                 "title": 31},
    "002_77ae5b472d08c4e0.txt": {"published": "2024-11-26", "publisher": None, "title": None, "author": None},
    "003_5d5c8efa562747eb.txt": {"published": None, "publisher": None, "title": None, "author": None},
    "004_b52c530d533dc4ee.txt": {"published": "2026-02-09", "publisher": "الأول", "author": None,
                                 "title": 14},
}


def seed(name: str):
    [document] = read_path(SEEDS / name)
    assert document.status == "ok" and document.encoding == "utf-8"
    return document


@pytest.mark.parametrize("name", sorted(SEED_META))
def test_seed_metadata(name):
    meta = seed(name).meta
    for key, want in SEED_META[name].items():
        if key == "title" and isinstance(want, int):
            want = (SEEDS / name).read_text(encoding="utf-8").splitlines()[want - 1].strip()
        assert getattr(meta, key) == want, key
    assert meta.country == "MA"


@pytest.mark.skipif(not GOLD_DOCS.exists(), reason="no shared gold")
def test_seed_metadata_matches_gold_file():
    for line in GOLD_DOCS.read_text(encoding="utf-8").splitlines():
        gold = json.loads(line)
        meta = seed(gold["doc"]).meta
        assert [meta.published, meta.publisher, meta.title, meta.author] == [gold["published"], gold["publisher"], gold["title"], gold["author"]]


def test_seed_001_body_between_menus_and_next_post():
    document = seed("001_bfd83d6aaa59638f.txt")
    assert document.body.startswith("جدد رئيس الحكومة")
    assert document.body.endswith("3,2 مليون تلميذ.")
    assert document.text.index("Next Post") > document.body_end
    assert "154 حافلة" not in document.body and "مغاربة العالم" not in document.body


def test_seed_004_body_excludes_the_ticker():
    document = seed("004_b52c530d533dc4ee.txt")
    assert document.body.startswith("أكد رئيس الحكومة عزيز أخنوش")
    assert document.body.endswith("ويكرس العدالة الاجتماعية.")
    for ticker in ("1,4 مليار رحلة", "86%", "40 مليون درهم"):
        assert ticker in document.text[: document.body_start] and ticker not in document.body


@pytest.mark.parametrize("name", ["000_8abdae56c2938a21.txt", "002_77ae5b472d08c4e0.txt", "003_5d5c8efa562747eb.txt"])
def test_seeds_without_chrome_keep_their_whole_text(name):
    document = seed(name)
    assert (document.body_start, document.body_end) == (0, None)
    assert document.id == stable_id(name, document.text)


@pytest.mark.skipif(not BENCH.exists(), reason="no shared bench")
def test_bench_articles_are_never_cut():
    for path, doc in iter_files([BENCH]):
        [document] = read_path(path, doc)
        assert document.status == "ok" and (document.body_start, document.body_end) == (0, None), doc
        if path.with_name(path.stem + ".meta.json").exists():
            assert document.meta.publisher and document.meta.url  # from the sidecar


# ---------------------------------------------------------------------------------------------- files


def test_iter_files_walks_folders_sorted_and_skips_sidecars(tmp_path):
    for rel in ("b.txt", "a/z.html", "a/c.jsonl", "a/c.meta.json", "d.json", "notes.md", ".hidden/x.txt", "a/.x.txt"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x", encoding="utf-8")
    found = [doc for _, doc in iter_files([tmp_path])]
    assert found == ["a/c.jsonl", "a/z.html", "b.txt", "d.json"]
    assert [doc for _, doc in iter_files([tmp_path / "a/z.html", tmp_path / "a/c.meta.json", "-"])] == ["z.html", "stdin"]


def test_iter_files_follows_links_reads_each_file_once_and_reports_what_it_skips(tmp_path):
    (tmp_path / "in/sub").mkdir(parents=True)
    (tmp_path / "other").mkdir()
    for rel in ("in/a.txt", "in/sub/b.txt", "other/c.txt"):
        (tmp_path / rel).write_text("x", encoding="utf-8")
    (tmp_path / "in/linked").symlink_to(tmp_path / "other", target_is_directory=True)
    (tmp_path / "in/sub/up").symlink_to(tmp_path / "in", target_is_directory=True)
    (tmp_path / "in/same.txt").symlink_to(tmp_path / "in/a.txt")
    (tmp_path / "in/broken.txt").symlink_to(tmp_path / "nowhere.txt")
    skipped = []
    found = [doc for _, doc in iter_files([tmp_path / "in/a.txt", tmp_path / "in", tmp_path / "in"],
                                          skip=lambda path, why: skipped.append((Path(path).name, why.split(":")[0])))]
    assert found == ["a.txt", "linked/c.txt", "sub/b.txt"]  # a.txt given, then reached again (and by a link)
    assert sorted(skipped) == sorted([("broken.txt", "broken link"), ("up", "symlink loop (a link to a folder above it)")] * 2)


def test_stdin(monkeypatch):
    monkeypatch.setattr(sys, "stdin", stdio.TextIOWrapper(stdio.BytesIO(P1.encode("cp1256"))))
    [document] = read_path("-")
    assert (document.doc, document.encoding, document.text) == ("stdin", "cp1256", P1)


def test_stdin_jsonl(monkeypatch):
    data = "\n".join(json.dumps({"id": i, "text": P1}) for i in range(3))
    monkeypatch.setattr(sys, "stdin", stdio.TextIOWrapper(stdio.BytesIO(data.encode())))
    assert [d.doc for d in read_path("-")] == ["stdin#0", "stdin#1", "stdin#2"]


def test_huge_file_is_rejected_without_reading(tmp_path):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as fh:
        fh.truncate(50 * 2**20)
    started = time.perf_counter()
    [document] = read_path(path)
    assert time.perf_counter() - started < 0.5
    assert document.error == "file too large: 50.0 MB > 20 MB limit"


def test_size_limit_is_configurable(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(P1 * 20, encoding="utf-8")
    assert read_path(path, max_bytes=1024)[0].error.startswith("file too large: 0.0 MB > 0.0009765")
    assert read_path(path)[0].status == "ok"


def test_missing_file_and_folder_give_error_documents(tmp_path):
    assert read_path(tmp_path / "nope.txt")[0].error == "no such file"
    assert read_path(tmp_path)[0].error == "not a file"


def test_read_text_given_meta_wins_and_id_is_stable():
    text = f"{TITLE}\nنشر في الأول يوم 14 - 03 - 2026\n{P1}\n"
    document = read_text(text, doc="x", meta=DocumentMeta(published="2026-01-01"))
    assert (document.meta.published, document.meta.publisher, document.meta.title) == ("2026-01-01", "الأول", TITLE)
    assert document.id == read_text(text, doc="x").id == stable_id("x", text)
    assert document.id != read_text(text, doc="y").id


def test_find_body_explains_its_cuts():
    page = find_body(f"{MENU}\n{P1}\n{P2}\nNext Post\nعنوان آخر\n")
    assert page.notes == ["chrome before line 7", "chrome after line 8"]
    assert find_body(f"{P1}\n{P2}\n").notes == []


def test_a_link_line_glued_to_the_last_paragraph_ends_the_body():
    """A page that lost its line breaks: «رابط الخبر بصحيفة ...» (boilerplate.tsv, end) after the last
    sentence, and whatever follows it, are chrome; not in mid-sentence, nor far from the end."""
    footer = "رابط الخبر بصحيفة المدينة: ارتفاع عدد المسجلين إلى 23 مليون شخص"
    text = f"{P1}\n{P2} {footer}\nمقتل 12 في حادث سير\n"
    page = find_body(text)
    assert text[page.body_start:page.body_end] == f"{P1}\n{P2}"
    assert page.notes == ["chrome glued to the end of line 2"]
    assert find_body(f"{P1}\n{P2}\n").body_end is None
    assert find_body(f"{P1}\n{P2[:-1]} و{footer}\n").body_end is None  # the phrase inside a sentence


@pytest.mark.parametrize("url, published", [
    ("http://www.aleqt.com/2015/07/25/article_976003.html", "2015-07-25"),
    ("http://www.example.sa/new/Issues/20150721/Con20150721784724.htm", "2015-07-21"),
    ("http://www.example.com/ar/20180616-عنوان-الخبر", "2018-06-16"),
    ("https://arabic.example.com/middle-east/2018/04/02/title", "2018-04-02"),
    ("http://www.example.com/1070969", None),  # an article id, no date
    ("http://www.example.com/node/20151399/x", None),  # no such day
])
def test_an_undated_article_takes_the_date_its_url_gives(url, published):
    """No date in the text nor in the sidecar: the url's path may give it (as htmldate reads urls)."""
    document = read_text(f"{P1}\n{P2}\n", doc="x", meta=DocumentMeta(url=url))
    assert document.meta.published == published
    dated = read_text(f"{P1}\n", doc="x", meta=DocumentMeta(url=url, published="2014-01-02"))
    assert dated.meta.published == "2014-01-02"  # a date given wins over the url's


def test_reading_is_cheap():
    text = (SEEDS / "001_bfd83d6aaa59638f.txt").read_text(encoding="utf-8")
    read_text(text)
    started = time.perf_counter()
    for i in range(200):
        read_text(text, doc=str(i))
    assert time.perf_counter() - started < 2.0  # ~1 ms each: hundreds of articles/s


# ---------------------------------------------------------------------------------------------- lexicon


def test_lexicon_tables():
    months = load_months()
    assert months["دجنبر"] == months["ديسمبر"] == months["كانون الأول"] == months["ديسمبر"] == 12
    assert months["ابريل"] == months["أبريل"] == 4 and months["غشت"] == months["آب"] == months["أوت"] == 8
    assert {row["region"] for row in load_table("months")} >= {"maghreb", "east", "levant", "dz_tn"}
    assert "رمضان" not in months and load_months("hijri")["رمضان"] == 9 and load_months("all")["رمضان"] == 9
    assert load_table("countries") is load_table("countries")
    assert {"term": ".ma", "country": "MA", "kind": "tld"} in load_table("countries.tsv")
    with pytest.raises(FileNotFoundError):
        load_table("no-such-table")


@pytest.mark.parametrize("text, country", [
    ("وصل الوفد إلى المغرب أمس. وقال مسؤول بالمغرب إن المباحثات مستمرة.", "MA"),
    ("أعلنت وزارة الصحة في مصر ... وللمصريين في الخارج حصة من المساعدات. وفي مصر", "EG"),
    ("تحدث التقرير عن الاقتصاد العالمي دون ذكر أي بلد.", None),
])
def test_places_named_in_the_text_fix_the_country(text, country):
    from factex.read.meta import guess_country
    from factex.schema import DocumentMeta

    assert guess_country(DocumentMeta(), text) == country


def test_every_written_form_of_a_place_reads_as_its_country():
    """The one-lookup table of place forms agrees with the clitic rules it stands for."""
    from factex.read.meta import _country_tables, _place, _place_forms

    places = _country_tables()[1]
    assert all(_place(form, places) == country for form, country in _place_forms().items())
