"""Readers for local sources: JSON/JSONL, text/Markdown, stdin and directories."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from newsgraph.ingest import IngestOptions, article_id_for, iter_inputs, normalize_date
from newsgraph.records import Article, Rejected

BODY = (
    "The harbour authority in Port Vela announced on Tuesday that it would reopen the northern pier.\n\n"
    "Officials said repairs had taken longer than planned because of winter storms."
)


def run(*sources: object, **kwargs: object) -> list[Article | Rejected]:
    return list(iter_inputs([str(s) for s in sources], IngestOptions(**kwargs)))  # type: ignore[arg-type]


def articles(outputs: list[Article | Rejected]) -> list[Article]:
    return [o for o in outputs if isinstance(o, Article)]


def rejected(outputs: list[Article | Rejected]) -> list[Rejected]:
    return [o for o in outputs if isinstance(o, Rejected)]


def write_jsonl(path: Path, records: list[object]) -> Path:
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return path


# --- JSON / JSONL ------------------------------------------------------------------------------


def test_jsonl_fields_and_given_id(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "a.jsonl",
        [
            {
                "id": "abc123",
                "url": "https://example.org/pier",
                "outlet": "example.org",
                "published": "2014-06-20T10:00:00Z",
                "title": "Pier to reopen",
                "text": BODY,
                "authors": ["Ana Ruiz", "Tom Lee"],
                "language": "en",
            }
        ],
    )
    [art] = run(path)
    assert isinstance(art, Article)
    assert art.article_id == "abc123"
    assert art.text == BODY
    assert art.published == "2014-06-20"
    assert art.authors == ("Ana Ruiz", "Tom Lee")
    assert (art.title, art.url, art.outlet, art.language) == (
        "Pier to reopen",
        "https://example.org/pier",
        "example.org",
        "en",
    )
    assert art.source_path == str(path)


def test_content_hash_id_is_stable_and_matches_helper(tmp_path: Path) -> None:
    record = {"title": "Pier to reopen", "url": "https://example.org/p", "text": BODY}
    first = run(write_jsonl(tmp_path / "one.jsonl", [record]))
    second = run(write_jsonl(tmp_path / "two.jsonl", [record]))
    assert first[0].article_id == second[0].article_id  # type: ignore[union-attr]
    assert first[0].article_id == article_id_for(BODY, "https://example.org/p", "Pier to reopen")  # type: ignore[union-attr]
    other = run(write_jsonl(tmp_path / "three.jsonl", [{**record, "text": BODY + " More."}]))
    assert other[0].article_id != first[0].article_id  # type: ignore[union-attr]


def test_news_please_and_timeline17_names(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "np.jsonl",
        [
            {
                "maintext": BODY,
                "date_publish": "2019-03-04 08:15:00",
                "source_domain": "news.example",
                "title": "A",
                "authors": "Kim Park",
            },
            {"id": 17, "time": "2011-02-20", "text": "Crowds gathered in the square."},
            {"description": "Only a teaser paragraph is available.", "maintext": None},
        ],
    )
    first, second, third = run(path)
    assert isinstance(first, Article) and isinstance(second, Article) and isinstance(third, Article)
    assert (first.text, first.published, first.outlet, first.authors) == (
        BODY,
        "2019-03-04",
        "news.example",
        ("Kim Park",),
    )
    assert (second.article_id, second.published) == ("17", "2011-02-20")
    assert third.text == "Only a teaser paragraph is available."


def test_bad_jsonl_lines_are_rejected_one_by_one(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    lines = [
        json.dumps({"text": "First good article."}),
        '{"text": "cut off in the mid',
        "[1, 2, 3]",
        json.dumps({"title": "no body"}),
        json.dumps({"text": "   "}),
        json.dumps({"text": 42}),
        "",
        "not json at all",
        json.dumps({"text": "Last good article."}),
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    out = run(path)
    assert [a.text for a in articles(out)] == ["First good article.", "Last good article."]
    bad = {r.source.rsplit(":", 1)[1]: r.reason for r in rejected(out)}
    assert set(bad) == {"2", "3", "4", "5", "6", "8"}
    assert "truncated JSON" in bad["2"]
    assert "expected a JSON object, got array" in bad["3"]
    assert "missing text" in bad["4"]
    assert bad["5"] == "empty article text"
    assert "not a string" in bad["6"]
    assert "invalid JSON" in bad["8"]


def test_json_array_streams_across_chunks(tmp_path: Path) -> None:
    records = [{"id": f"r{i}", "text": f"Story number {i}. " + "x" * 500} for i in range(300)]
    path = tmp_path / "many.json"
    path.write_text(json.dumps(records, indent=2), encoding="utf-8")
    out = run(path)
    assert [a.article_id for a in articles(out)] == [f"r{i}" for i in range(300)]


def test_json_single_pretty_object_and_wrong_shapes(tmp_path: Path) -> None:
    single = tmp_path / "single.json"
    single.write_text(json.dumps({"title": "T", "text": BODY}, indent=4), encoding="utf-8")
    [art] = run(single)
    assert isinstance(art, Article) and art.text == BODY

    scalar = tmp_path / "scalar.json"
    scalar.write_text("42", encoding="utf-8")
    [bad] = run(scalar)
    assert isinstance(bad, Rejected) and "got number" in bad.reason

    truncated = tmp_path / "truncated.json"
    truncated.write_text('[{"text": "kept"}, {"text": "lost', encoding="utf-8")
    out = run(truncated)
    assert [a.text for a in articles(out)] == ["kept"]
    assert len(rejected(out)) == 1 and "JSON" in rejected(out)[0].reason


def test_published_formats() -> None:
    assert normalize_date("2014-06-20T10:00:00Z") == "2014-06-20"
    assert normalize_date("2014-06-20T23:30:00-05:00") == "2014-06-20"  # local day kept
    assert normalize_date("June 20, 2014") == "2014-06-20"
    assert normalize_date("Fri, 20 Jun 2014 10:00:00 GMT") == "2014-06-20"
    assert normalize_date("yesterday") is None  # never resolved against the wall clock
    assert normalize_date("2014-02-30") is None
    assert normalize_date("no date here") is None


# --- text and Markdown -----------------------------------------------------------------------


def test_txt_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "story.md"
    path.write_text(
        "---\ntitle: Pier reopens: officials relieved\nurl: https://example.org/pier\n"
        "outlet: Harbour Times\npublished: 2020-01-05\nauthors: Ana Ruiz, Tom Lee\n---\n\n" + BODY + "\n",
        encoding="utf-8",
    )
    [art] = run(path)
    assert isinstance(art, Article)
    assert art.title == "Pier reopens: officials relieved"
    assert (art.url, art.outlet, art.published) == ("https://example.org/pier", "Harbour Times", "2020-01-05")
    assert art.authors == ("Ana Ruiz", "Tom Lee")
    assert art.text == BODY


def test_txt_title_heuristic_and_normalisation(tmp_path: Path) -> None:
    titled = tmp_path / "titled.txt"
    titled.write_bytes(("Pier to reopen\r\n\r\n" + BODY.replace("\n", "\r\n") + "   \r\n").encode("utf-8"))
    [art] = run(titled)
    assert isinstance(art, Article)
    assert (art.title, art.text, art.outlet) == ("Pier to reopen", BODY, None)
    assert art.source_path == str(titled)

    untitled = tmp_path / "untitled.txt"
    untitled.write_text(BODY, encoding="utf-8")
    [plain] = run(untitled)
    assert isinstance(plain, Article) and plain.title is None and plain.text == BODY

    decomposed = tmp_path / "nfc.txt"
    decomposed.write_text("Cafe\u0301 owners protested on Monday.", encoding="utf-8")
    [nfc] = run(decomposed)
    assert isinstance(nfc, Article) and nfc.text == "Café owners protested on Monday."


# --- stdin and directories ---------------------------------------------------------------------


def test_stdin_text_and_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    data = json.dumps({"text": "From a pipe."}) + "\n{broken\n"
    monkeypatch.setattr("sys.stdin", io.StringIO(data))
    out = list(iter_inputs(["-"]))
    assert isinstance(out[0], Article) and out[0].text == "From a pipe."
    assert isinstance(out[1], Rejected) and out[1].source == "<stdin>:2"

    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data.encode()), encoding="utf-8"))
    assert [type(o) for o in iter_inputs(["-"])] == [Article, Rejected]


def test_directory_recursion_is_sorted_and_lazy(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a").mkdir()
    (tmp_path / "b" / "2.txt").write_text("Second story body.", encoding="utf-8")
    (tmp_path / "a" / "1.txt").write_text("First story body.", encoding="utf-8")
    (tmp_path / "c.jsonl").write_text(json.dumps({"text": "Third story body."}), encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("Hidden.", encoding="utf-8")
    (tmp_path / "notes.xyz").write_text("whatever", encoding="utf-8")
    outside = tmp_path.parent / f"{tmp_path.name}-outside"
    outside.mkdir()
    (tmp_path / "zz-link").symlink_to(outside, target_is_directory=True)
    out = run(tmp_path)
    assert [a.text for a in articles(out)] == ["First story body.", "Second story body.", "Third story body."]
    bad, link = rejected(out)
    assert bad.reason == "unsupported file type .xyz" and bad.source.endswith("notes.xyz")
    assert link.source.endswith("zz-link") and "symlinked directory" in link.reason
    stream = iter_inputs([str(tmp_path)])
    assert isinstance(next(stream), Article)  # a generator, not a list built up front
