"""Slack front end (slack-bolt): mentions, DMs, /ask, threads, cited Block Kit answers,
feedback. One App (``app.slack_runtime``) serves HTTP (Events API, mounted in `newsbot serve`)
and Socket Mode (`newsbot slack`); its listeners (``listeners``) hand questions to the
answer queue and render the core's ``Answer`` (``blocks``); ``state`` remembers threads."""
