import pytest

from retrieval.corpus import UnreadableFile, find_files, load_article, read_text
from retrieval.errors import CorpusError


def test_find_files_ignores_hidden_and_other_kinds(tmp_path):
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "b.md").write_text("x")
    (tmp_path / "c.html").write_text("x")
    (tmp_path / "d.pdf").write_bytes(b"%PDF")
    (tmp_path / ".hidden.txt").write_text("x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "e.txt").write_text("x")
    names = [p.relative_to(tmp_path).as_posix() for p in find_files(tmp_path)]
    assert names == ["a.txt", "b.md", "c.html", "sub/e.txt"]


def test_missing_corpus_is_one_clear_error(tmp_path):
    with pytest.raises(CorpusError, match="does not exist"):
        find_files(tmp_path / "nope")


def test_non_utf8_and_binary_files_are_named(tmp_path):
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Caf\xe9 au lait".encode("latin-1"))
    with pytest.raises(UnreadableFile, match="latin.txt.*not UTF-8"):
        read_text(latin, latin.read_bytes())
    binary = tmp_path / "img.txt"
    binary.write_bytes(b"\x89PNG\x00\x00\x01")
    with pytest.raises(UnreadableFile, match="binary"):
        read_text(binary, binary.read_bytes())


def test_offsets_match_what_a_reader_sees_with_windows_newlines(tmp_path):
    path = tmp_path / "crlf.txt"
    path.write_bytes(
        b"Port deal signed\r\n\r\nThe port signed a deal with two lenders on Monday.\r\n"
        b"Officials said the deal would create jobs for the region.\r\n"
    )
    parsed = load_article(tmp_path, path)
    with open(path, encoding="utf-8") as fh:  # exactly how a reader checks a quote
        reader_text = fh.read()
    assert parsed.sentences
    for s in parsed.sentences:
        assert reader_text[s.start : s.end] == s.text


def test_html_is_reduced_to_text_without_markup(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(
        "<html><head><title>Harbour bridge approved</title><script>var x=1;</script></head>"
        "<body><nav>Home | News</nav><p>The council approved the harbour bridge on Tuesday "
        "after a long debate.</p><p>Engineers say it will carry forty thousand cars a day.</p>"
        "<footer>Copyright</footer></body></html>",
        encoding="utf-8",
    )
    parsed = load_article(tmp_path, path)
    assert parsed.article.title == "Harbour bridge approved"
    quotes = [s.text for s in parsed.sentences]
    assert quotes == [
        "The council approved the harbour bridge on Tuesday after a long debate.",
        "Engineers say it will carry forty thousand cars a day.",
    ]
    for s in parsed.sentences:
        assert parsed.article.text[s.start : s.end] == s.text and "<" not in s.text
