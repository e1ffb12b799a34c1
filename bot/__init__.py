"""Front ends of newsbot: command line, REPL, HTTP API and webhook, Slack; with what they
share: ``render`` (an Answer for people), ``batching`` (the servers' answer queue) and
``evaluation`` (the scorer behind `newsbot eval`).

Each front end hands questions to the core's ``Newsbot`` (``ask``; the servers ``ask_many``
through the ``AnswerBatcher``) and only renders the ``Answer`` it returns. May import
``retrieval`` (its public surface, never a submodule) and ``prompts``.
"""
