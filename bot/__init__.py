"""Front ends of newsbot: command line, REPL (and later HTTP and Slack).

Each front end receives the core's ``ask`` and only renders the ``Answer`` it returns.
"""
