import pytest

from retrieval.errors import CorpusError
from retrieval.ingest.corpus import UnreadableFile, find_files, load_article, read_text


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


def test_html_quotes_are_exact_slices_of_the_file_and_read_without_markup(tmp_path):
    path = tmp_path / "page.html"
    markup = (
        "<html><head><title>Harbour bridge | City Wire</title><script>var x=1;</script></head>"
        "<body><nav><ul><li>Home</li><li>News</li></ul></nav>"
        "<header><h1>Harbour bridge approved</h1><p>By Ann Lee &middot; 12 March 2024</p>"
        "</header><p>The council approved the harbour bridge on Tuesday after a long debate "
        "led by <a href='/p/ramirez'>Jos&eacute; Ram&iacute;rez</a>.</p><p>Engineers say "
        "it&rsquo;s able to carry forty&nbsp;thousand cars a day.</p>"
        "<ul><li>Cost: &pound;68 million over four years</li></ul>"
        "<p>Work begins in May and should finish before the end of 2027.</p>"
        "<footer>Copyright City Wire, all rights reserved, 2024.</footer></body></html>"
    )
    path.write_text(markup, encoding="utf-8")
    parsed = load_article(tmp_path, path)
    assert parsed.article.title == "Harbour bridge approved"
    assert parsed.article.date == "2024-03-12"
    assert [s.text for s in parsed.sentences] == [
        "The council approved the harbour bridge on Tuesday after a long debate led by "
        "José Ramírez.",
        "Engineers say it’s able to carry forty thousand cars a day.",
        "Cost: £68 million over four years",
        "Work begins in May and should finish before the end of 2027.",
    ]
    with open(path, encoding="utf-8") as fh:  # exactly how a reader checks a quote
        file_text = fh.read()
    for s in parsed.sentences:
        assert file_text[s.start : s.end] == s.quote
        assert "<" not in s.text and "&" not in s.text
    assert parsed.sentences[1].quote == (
        "Engineers say it&rsquo;s able to carry forty&nbsp;thousand cars a day."
    )
