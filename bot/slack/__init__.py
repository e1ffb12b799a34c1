"""Slack front end (slack-bolt): mentions, DMs, /ask, threads, cited Block Kit answers,
feedback. The same listeners serve HTTP (Events API, mounted in `newsbot serve`) and Socket
Mode (`newsbot slack`); they hand questions to the core and render its ``Answer``."""
