from retrieval.reading.answer_kinds import figures, gives_figure, has_date, holds_kind


def test_a_figure_the_question_already_holds_is_no_answer():
    q = "How many people attended the 26th symposium?"
    assert not gives_figure("Hong Kong hosted the 26th symposium.", q)
    assert gives_figure("The 26th symposium drew 1,200 people.", q)
    assert gives_figure("It drew more than three hundred people.", q)


def test_dates_and_ordinals_are_not_figures():
    assert figures("On April 12, the exhibition opened; on 3 May 2024 it closed.") == []
    assert figures("In 2019 the 26th session met.") == []
    assert figures("In 2019 funding reached CNY223.4 billion (US$31.3 billion).") == [
        "223.4",
        "billion",
        "31.3",
        "billion",
    ]
    assert not gives_figure("On April 12, the exhibition opened.", "How many came?")


def test_dates():
    assert has_date("The fair is scheduled for November.")
    assert has_date("It opened on Thursday.") and has_date("in the 1990s")
    assert not has_date("The fair drew 33 enterprises.")
    assert not has_date("You may come.")


def test_kinds():
    assert holds_kind("33 key enterprises took part.", "number")
    assert not holds_kind("It opened on April 12.", "number")
    assert holds_kind("Mayor Chen Jining said the symposium mattered.", "person")
    assert holds_kind("“It matters,” she said.", "statement")
    assert not holds_kind("Anything at all.", None)


def test_amounts_of_money_in_the_ways_the_news_writes_them():
    from retrieval.reading.answer_kinds import amounts_of_money

    text = "Sales were worth 211bn yen (£1.08bn), 36.4 billion US dollars and 5.8 billion patacas."
    assert len(amounts_of_money(text)) == 4
    assert amounts_of_money("It drew 33 enterprises on 12 April 2023.") == []


def test_a_cost_question_asks_for_money_but_a_change_or_a_share_does_not():
    from retrieval.reading.question import analyse

    assert analyse("How much did the label pay to sign the band?").asks_money
    assert analyse("What was the budget for the film?").asks_money
    assert not analyse("How much did profits rise?").asks_money
    assert not analyse("What share of the capital came from Hong Kong investment?").asks_money
    assert not analyse("What is the largest source of foreign investment?").asks_money


def test_a_name_beside_any_verb_of_reported_speech_names_a_person():
    from retrieval.reading.answer_kinds import names_people

    assert names_people("Mark Hughes warned that the squad was tired.")
    assert names_people("Kofi Annan said the talks would go on.")
    assert not names_people("The New Stadium opened on a wet Monday.")  # a name, no speaker
    assert not names_people("The report warned of delays.")  # speech, no name


def test_an_answer_counts_as_beside_the_asked_words_only_when_it_stands_next_to_them():
    from retrieval.reading.answer_kinds import AnswerKind, answer_beside_asked
    from retrieval.reading.question import analyse

    q = analyse("Who is Bernie Ebbers' defence lawyer at the WorldCom fraud trial?")
    asked, ask = frozenset(q.terms), frozenset(q.ask_terms) - frozenset(q.topic_terms)

    def beside(text: str, window: int = 2) -> bool:
        return answer_beside_asked(text, q.text, asked, ask, AnswerKind.PERSON, window)

    assert beside("On Monday, defence lawyer Reid Weingarten tried to distance his client.")
    # A new name far from "lawyer", and a name the question already holds, are not answers.
    assert not beside("Reid Weingarten arrived early; the jury heard from the defence lawyer.")
    assert beside("Reid Weingarten arrived early; the jury heard from the defence lawyer.", 12)
    assert not beside("The defence lawyer of Bernie Ebbers spoke.")
    # A figure question: a new figure beside "save", not the year or a figure it names.
    f = analyse("How much a year would the UK save if the limit went down to 50mg?")
    fa, fask = frozenset(f.terms), frozenset(f.ask_terms) - frozenset(f.topic_terms)
    assert answer_beside_asked("It would save £119m a year.", f.text, fa, fask, f.wants, 2)
    assert not answer_beside_asked(
        "The limit of 50mg would save lives in 2005.", f.text, fa, fask, f.wants, 2
    )


def test_a_name_may_hold_lower_case_particles():
    from retrieval.reading.answer_kinds import AnswerKind, adds_kind

    text = "Piero, named after the pioneer of perspective Piero della Francesco, tracks players."
    assert adds_kind(
        text, "Who is Piero named after?", frozenset({"piero", "name"}), AnswerKind.PERSON
    )
    assert not adds_kind(
        "Piero tracks players from any angle.",
        "Who is Piero named after?",
        frozenset({"piero", "name"}),
        AnswerKind.PERSON,
    )


def test_a_where_question_is_answered_by_a_place_it_does_not_name():
    from retrieval.reading.answer_kinds import AnswerKind, adds_kind

    question = "Where was Johnson speaking when he criticised the sprinters?"
    asked = frozenset({"johnson", "speak", "criticis", "sprinter"})
    assert adds_kind(
        "Speaking at a coaches' conference in Birmingham, Johnson argued.",
        question,
        asked,
        AnswerKind.PLACE,
    )
    # A new name that no preposition of place introduces, a month, or the asked name itself
    assert not adds_kind("Michael Johnson told Five Live.", question, asked, AnswerKind.PLACE)
    assert not adds_kind("He spoke in March.", question, asked, AnswerKind.PLACE)
    assert not adds_kind("It was said to Johnson.", question, asked, AnswerKind.PLACE)


def test_an_answer_fills_the_slot_the_question_leaves():
    from retrieval.reading.answer_kinds import AnswerKind, fills_slot

    question = "Which constituency is Boris Johnson the MP for?"
    asked = frozenset({"constitu", "bori", "johnson", "mp"})
    slots = (("mp", "for"),)
    assert fills_slot(
        "Mr Johnson, MP for Henley-on-Thames, said he suspected Labour.",
        question,
        asked,
        AnswerKind.NAME,
        slots,
        4,
    )
    # the slot's words without a new name after them, or a name far from them
    assert not fills_slot("Mr Johnson, MP for Boris, spoke.", question, asked, None, slots, 4)
    assert not fills_slot(
        "The MP for the area, a popular local figure of long standing, met Tony Blair.",
        question,
        asked,
        AnswerKind.NAME,
        slots,
        4,
    )
    who = "Who recorded it first?"
    assert fills_slot(
        "It was first recorded by her younger sister Anita Carter.",
        who,
        frozenset({"record", "1st"}),
        AnswerKind.PERSON,
        (("record", "by"),),
        4,
    )


def test_a_figure_followed_by_what_is_counted_counts_it():
    from retrieval.reading.answer_kinds import counts_asked

    question = "how many caribs are there on the island?"
    assert counts_asked("About 3,000 Caribs live on the island.", question, ["carib"], 2)
    # a figure of something else, one the question holds, or what is counted too far after
    assert not counts_asked("About 3,000 people live on the island.", question, ["carib"], 2)
    assert not counts_asked("The 3,000 Caribs.", "how many of the 3,000 caribs?", ["carib"], 2)
    assert not counts_asked("About 3,000 of them, all Caribs.", question, ["carib"], 2)
    assert not counts_asked("About 3,000 Caribs.", "how many live there?", [], 2)
