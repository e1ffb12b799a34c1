from retrieval.answer import _quotation_balance, select_quotes
from retrieval.question import analyse
from retrieval.search import ScoredSentence
from tests.conftest import make_bot


def test_quotation_balance():
    assert _quotation_balance("“Staffing is the biggest challenge.") == 1
    assert _quotation_balance("It stays in Sabah,” she told reporters.") == -1
    assert _quotation_balance("“It is,” she said.") == 0
    assert _quotation_balance('"We are not against services.') == 1
    assert _quotation_balance('It is what we owe," Cuenco said.') == -1
    assert _quotation_balance("No quotation here.") == 0


def test_a_quote_brings_the_rest_of_its_quotation_and_who_said_it(tmp_path, hashing):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(
        "Hospital opens\n\nThe new tower opened on Monday in the state capital of Sabah.\n\n"
        "“Staffing is the biggest challenge. We can build a beautiful building, but not "
        "without nurses. The hostel is one way to keep them,” she told reporters. Work on "
        "the hostel starts next year.\n",
        encoding="utf-8",
    )
    bot = make_bot(corpus, tmp_path / "store", hashing)
    texts = [s.text for s in bot.index.sentences]
    opening = texts.index("“Staffing is the biggest challenge.")
    question = analyse("What did she say about staffing?")
    quotes = select_quotes(bot.index, question, [ScoredSentence(opening, 1.0, 0.5, 0.5)], 1)
    assert [texts[q.index] for q in quotes] == texts[opening : opening + 3]
    assert "she told reporters" in texts[quotes[-1].index]
