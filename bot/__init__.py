"""Front ends of newsbot: command line, REPL, HTTP API and webhook, Slack.

Each one hands questions to the core's ``Newsbot.ask`` and only renders the ``Answer`` it
returns. May import ``retrieval`` (its public surface, never a submodule) and ``prompts``.
"""
