"""Bad inputs never raise: each becomes a Rejected whose reason names the problem."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsgraph.ingest import IngestOptions, iter_inputs
from newsgraph.records import Article, Rejected

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
TEXT_1252 = (
    "Le café du port a rouvert ses portes lundi matin. Les pêcheurs étaient ravis de retrouver "
    "leur lieu de rendez-vous habituel, a déclaré le propriétaire. \u201cC'est une renaissance\u201d, "
    "a-t-il ajouté devant une foule nombreuse réunie sur le quai."
)


def one(path: Path, **kwargs: int) -> Article | Rejected:
    out = list(iter_inputs([str(path)], IngestOptions(**kwargs)))
    assert len(out) == 1, out
    return out[0]


def test_png_renamed_to_txt(tmp_path: Path) -> None:
    path = tmp_path / "photo.txt"
    path.write_bytes(PNG + os.urandom(64))
    result = one(path)
    assert result == Rejected(str(path), "binary file (looks like PNG image)")


@pytest.mark.parametrize("suffix", [".txt", ".jsonl", ".json", ".html", ".xml"])
def test_nul_bytes_are_binary(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"blob{suffix}"
    path.write_bytes(b"abc\x00\x01\x02def" * 10)
    result = one(path)
    assert isinstance(result, Rejected) and result.reason.startswith("binary file")


def test_cp1252_is_detected(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes(TEXT_1252.encode("cp1252"))
    result = one(path)
    assert isinstance(result, Article), result
    assert "café" in result.text and "pêcheurs" in result.text


def test_cp1252_jsonl_is_detected(tmp_path: Path) -> None:
    path = tmp_path / "latin.jsonl"
    path.write_bytes(json.dumps({"text": TEXT_1252}, ensure_ascii=False).encode("cp1252"))
    result = one(path)
    assert isinstance(result, Article), result
    assert result.text == TEXT_1252


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8-sig"])
def test_byte_order_marks(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes("Grève générale à Marseille\nLes dockers ont cessé le travail.".encode(encoding))
    result = one(path)
    assert isinstance(result, Article), result
    assert result.title == "Grève générale à Marseille"
    assert result.text == "Les dockers ont cessé le travail."

    jsonl = tmp_path / "bom.jsonl"
    jsonl.write_bytes((json.dumps({"text": "Dockers é"}, ensure_ascii=False) + "\n").encode(encoding))
    result = one(jsonl)
    assert isinstance(result, Article) and result.text == "Dockers é"


def test_undecodable_text_is_rejected_with_reason(tmp_path: Path) -> None:
    path = tmp_path / "noise.txt"
    path.write_bytes(bytes(range(0x80, 0x100)) * 4 + b"\x01\x02\x03\x04\x05\x06\x07\x08" * 20)
    result = one(path)
    assert isinstance(result, Rejected)
    assert result.reason.startswith(("invalid UTF-8", "binary file")), result.reason


def test_invalid_utf8_line_in_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    # UTF-8 elsewhere in the file shows the bad line is corruption, not a legacy code page.
    good = json.dumps({"text": "Le café a rouvert."}, ensure_ascii=False).encode()
    path.write_bytes(good + b"\n" + b'{"text": "bad \xff\xfe byte"}\n' + good + b"\n")
    out = list(iter_inputs([str(path)]))
    assert [type(o) for o in out] == [Article, Rejected, Article]
    assert out[1].source == f"{path}:2" and "invalid utf-8" in out[1].reason.lower()  # type: ignore[union-attr]


def test_empty_and_whitespace_files(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert one(empty) == Rejected(str(empty), "empty file")
    blank = tmp_path / "blank.md"
    blank.write_text(" \n\n\t\n", encoding="utf-8")
    assert one(blank) == Rejected(str(blank), "empty article text")


def test_oversized_file_rejected_without_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("word " * 1000, encoding="utf-8")
    result = one(path, max_bytes=100)
    assert (
        isinstance(result, Rejected)
        and "file too large" in result.reason
        and "max_bytes=100" in result.reason
    )


def test_oversized_jsonl_line_is_skipped_not_the_file(tmp_path: Path) -> None:
    path = tmp_path / "corpus.jsonl"
    lines = [{"text": "short one"}, {"text": "y" * 500}, {"text": "short two"}]
    path.write_text("\n".join(json.dumps(r) for r in lines), encoding="utf-8")
    out = list(iter_inputs([str(path)], IngestOptions(max_bytes=100)))
    assert [type(o) for o in out] == [Article, Rejected, Article]
    assert out[1] == Rejected(f"{path}:2", "line longer than max_bytes=100")


def test_min_chars(tmp_path: Path) -> None:
    path = tmp_path / "tiny.jsonl"
    path.write_text(json.dumps({"text": "Too short."}), encoding="utf-8")
    result = one(path, min_chars=50)
    assert isinstance(result, Rejected) and "too short" in result.reason


def test_unknown_missing_and_unreadable(tmp_path: Path) -> None:
    odd = tmp_path / "data.xyz"
    odd.write_text("x", encoding="utf-8")
    assert one(odd) == Rejected(str(odd), "unsupported file type .xyz")
    noext = tmp_path / "README"
    noext.write_text("x", encoding="utf-8")
    assert one(noext) == Rejected(str(noext), "unsupported file type (no extension)")
    missing = tmp_path / "gone.txt"
    assert one(missing) == Rejected(str(missing), "no such file or directory")
    for scheme in ("file:///etc/passwd", "ftp://example.com/a.txt"):
        result = next(iter(iter_inputs([scheme])))
        assert isinstance(result, Rejected) and "unsupported URL scheme" in result.reason
    if os.geteuid() != 0:  # root can read anything, so the permission case only runs unprivileged
        locked = tmp_path / "locked.txt"
        locked.write_text("secret", encoding="utf-8")
        locked.chmod(0)
        result = one(locked)
        assert isinstance(result, Rejected) and "permission denied" in result.reason


# --- properties -------------------------------------------------------------------------------

SUFFIXES = [".txt", ".md", ".json", ".jsonl", ".html", ".htm", ".xml", ".rss", ".atom", ".xyz", ""]
PROPERTY_SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check_outputs(outputs: list[Article | Rejected]) -> None:
    for out in outputs:
        if isinstance(out, Article):
            assert isinstance(out.text, str) and out.text.strip()
            assert out.article_id
        else:
            assert isinstance(out, Rejected)
            assert isinstance(out.reason, str) and out.reason.strip()
            assert "internal error" not in out.reason  # the safety net caught a reader bug
            assert out.source


@PROPERTY_SETTINGS
@given(
    files=st.lists(
        st.tuples(
            st.sampled_from(SUFFIXES),
            st.one_of(
                st.binary(max_size=400),
                st.text(max_size=300).map(lambda s: s.encode("utf-8", "surrogatepass")),
                st.sampled_from(
                    [b"<rss><channel><item>", b"<feed", b"[{", b"---\ntitle: x\n---\n", b"\xff\xfe"]
                ),
            ),
        ),
        min_size=1,
        max_size=4,
    )
)
def test_random_files_never_raise(files: list[tuple[str, bytes]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for index, (suffix, data) in enumerate(files):
            Path(tmp, f"f{index}{suffix}").write_bytes(data)
        outputs = list(iter_inputs([tmp], IngestOptions(max_bytes=300)))
    assert len(outputs) >= len(files) - sum(1 for _, d in files if not d) or outputs
    check_outputs(outputs)


JSON_LEAF = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=40)
)
JSON_VALUE = st.recursive(
    JSON_LEAF,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=6,
)
FIELDS = ["id", "text", "maintext", "title", "url", "outlet", "published", "date_publish", "time", "authors"]


@PROPERTY_SETTINGS
@given(
    records=st.lists(st.one_of(JSON_VALUE, st.dictionaries(st.sampled_from(FIELDS), JSON_VALUE)), max_size=6)
)
def test_random_json_records_never_raise(records: list[object]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "r.jsonl").write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
        Path(tmp, "r.json").write_text(json.dumps(records), encoding="utf-8")
        outputs = list(iter_inputs([tmp]))
    check_outputs(outputs)
    for out in outputs:
        if isinstance(out, Article):
            assert out.published is None or len(out.published) == 10
