"""The `newsbot` command: ask, ingest, repl, serve, slack, feedback, eval (``COMMANDS``).

Errors from the core (``NewsbotError``) become one sentence on stderr and an exit code;
a traceback means a bug.
"""

from __future__ import annotations

import argparse
import ipaddress
import json
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from bot.render import print_answer
from prompts import prompt
from retrieval import (
    Answer,
    ConfigurationError,
    NewsbotError,
    QuestionError,
    Settings,
    find_files,
    validate_question,
)

log = logging.getLogger("newsbot")
EXIT_USAGE = 2


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--corpus", type=Path, help="folder of articles (NEWSBOT_CORPUS_DIR)")
    parser.add_argument("--store", type=Path, help="index folder (NEWSBOT_STORE_DIR)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log more on stderr")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsbot",
        description="Answers questions about news articles with verbatim, cited quotes.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    ask = sub.add_parser("ask", help="answer a question (or '-' for one per line on stdin)")
    ask.add_argument("question", help="the question, or '-' to read one question per line")
    ask.add_argument("-k", type=int, default=None, metavar="N", help="most citations to show")
    ask.add_argument("--json", action="store_true", help="print JSON (one object per line)")
    _common(ask)

    ingest = sub.add_parser("ingest", help="build or update the index of the corpus folder")
    _common(ingest)

    repl = sub.add_parser("repl", help="ask questions interactively")
    _common(repl)

    serve = sub.add_parser("serve", help="run the HTTP API and webhook (FastAPI + uvicorn)")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    serve.add_argument(
        "--insecure",
        action="store_true",
        help="allow a non-loopback address without NEWSBOT_API_TOKEN",
    )
    _common(serve)

    slack = sub.add_parser("slack", help="answer in Slack over Socket Mode (SLACK_APP_TOKEN)")
    _common(slack)

    mcp = sub.add_parser("mcp", help="serve the Model Context Protocol over stdio (AI assistants)")
    _common(mcp)

    fb = sub.add_parser("feedback", help="print or export the 👍/👎 feedback given in Slack")
    fb.add_argument("--format", choices=["table", "csv", "json"], default="table")
    fb.add_argument("--output", type=Path, help="write to this file instead of stdout")
    fb.add_argument("--store", type=Path, help="index folder holding slack.sqlite3")
    fb.add_argument("-v", "--verbose", action="store_true", help=argparse.SUPPRESS)

    ev = sub.add_parser("eval", help="score the bot on a gold file (seed_questions format)")
    ev.add_argument("gold", type=Path, help="JSONL gold file")
    ev.add_argument("--answers", type=Path, help="also write the answers (JSONL) here")
    ev.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    _common(ev)
    return parser


def settings_from(args: argparse.Namespace) -> Settings:
    """Environment and .env first, command-line flags over them."""
    overrides: dict[str, Any] = {}
    if getattr(args, "corpus", None):
        overrides["corpus_dir"] = args.corpus
    if getattr(args, "store", None):
        overrides["store_dir"] = args.store
    if getattr(args, "k", None) is not None:
        if args.k < 1:
            raise QuestionError("-k must be at least 1.")
        overrides["top_k"] = args.k
    return Settings(**overrides)


@contextmanager
def _progress(console: Console) -> Iterator[Any]:
    columns = (
        TextColumn("Indexing"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
    )
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("", total=None)

        def update(done: int, total: int, name: str) -> None:
            progress.update(task, completed=done, total=total, description=name)

        yield update


def open_bot(settings: Settings, err: Console) -> Any:
    """Load the model, bring the index up to date with the corpus, and return the bot."""
    from retrieval import Newsbot

    find_files(Path(settings.corpus_dir))  # a missing corpus is reported before the slow part
    with err.status("Loading the embedding model…"):
        bot = Newsbot(settings)
    with _progress(err) as update:
        report = bot.sync(progress=update)
    if report.changed:
        err.print(prompt("index_summary", summary=report.summary()), style="dim")
    bot.warm()
    return bot


def _error_answer(question: str, err: NewsbotError) -> dict[str, Any]:
    answer = Answer(question=question, answered=False, answer=str(err), citations=[], took_ms=0.0)
    return answer.model_dump() | {"error": {"code": type(err).__name__, "message": str(err)}}


def cmd_ask(args: argparse.Namespace, out: Console, err: Console) -> int:
    settings = settings_from(args)
    if args.question != "-":
        validate_question(args.question, settings.max_question_chars)
    bot = open_bot(settings, err)
    if args.question != "-":
        answer = bot.ask(args.question, k=args.k)
        if args.json:
            print(answer.model_dump_json())
        else:
            print_answer(out, answer)
        return 0
    for line in sys.stdin:
        question = line.rstrip("\n")
        try:
            answer = bot.ask(question, k=args.k)
        except QuestionError as e:
            if args.json:
                print(json.dumps(_error_answer(question, e), ensure_ascii=False), flush=True)
            else:
                print(f"newsbot: {e}", file=sys.stderr)
            continue
        if args.json:
            print(answer.model_dump_json(), flush=True)
        else:
            out.print(f"\n? {answer.question}", markup=False, highlight=False, soft_wrap=True)
            print_answer(out, answer)
    return 0


def cmd_ingest(args: argparse.Namespace, out: Console, err: Console) -> int:
    from retrieval import Newsbot

    settings = settings_from(args)
    with err.status("Loading the embedding model…"):
        bot = Newsbot(settings)
    with _progress(err) as update:
        report = bot.sync(progress=update)
    with err.status("Preparing the question encoder…"):
        bot.export_question_model()  # later `newsbot ask` runs embed questions without torch
    out.print(prompt("index_summary", summary=report.summary()))
    return 0


def cmd_repl(args: argparse.Namespace, out: Console, err: Console) -> int:
    from bot.repl import run_repl, terminal_reader

    settings = settings_from(args)
    bot = open_bot(settings, err)
    return run_repl(
        bot.ask,
        out,
        terminal_reader(Path(settings.store_dir) / "repl_history"),
        welcome=prompt(
            "repl_welcome", corpus=settings.corpus_dir, articles=len(bot.index.articles)
        ),
    )


def cmd_eval(args: argparse.Namespace, out: Console, err: Console) -> int:
    from bot.evaluation import corpus_reader, latency_figures, load_gold, score_answers

    settings = settings_from(args)
    if not args.gold.is_file():
        raise NewsbotError(f"The gold file {args.gold} does not exist.")
    try:
        gold = load_gold(args.gold)
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise NewsbotError(f"The gold file {args.gold} is not valid JSONL: {e}.") from None
    bot = open_bot(settings, err)
    answers: list[dict[str, Any]] = []
    for g in gold:
        try:
            answers.append(bot.ask(g["question"]).model_dump())
        except QuestionError as e:
            answers.append(_error_answer(g["question"], e))
    if args.answers:
        args.answers.write_text("".join(json.dumps(a) + "\n" for a in answers), encoding="utf-8")
    figures = score_answers(gold, answers, corpus_reader(Path(settings.corpus_dir)))
    figures |= latency_figures(a["took_ms"] for a in answers if "error" not in a)
    if args.json:
        print(json.dumps(figures))
    else:
        for key, value in figures.items():
            out.print(f"{key:>18}  {value}")
    return 0


def cmd_serve(args: argparse.Namespace, out: Console, err: Console) -> int:
    import uvicorn

    from bot.http import create_app, guarded

    settings = settings_from(args)
    if not 0 < args.port < 65536:
        raise ConfigurationError(f"--port must be between 1 and 65535, not {args.port}.")
    if not _is_loopback(args.host) and settings.api_token is None and not args.insecure:
        raise ConfigurationError(
            f"Refusing to serve on {args.host} without NEWSBOT_API_TOKEN: anyone who can reach "
            "it could use the bot. Set the token, bind to 127.0.0.1, or pass --insecure."
        )
    find_files(Path(settings.corpus_dir))  # a missing corpus is reported before serving
    logging.getLogger("bot.http.access").setLevel(logging.INFO)
    logging.getLogger("bot.watch").setLevel(logging.INFO)  # say when articles are taken in
    err.print(f"newsbot: serving on http://{args.host}:{args.port} (API docs at /docs)")
    uvicorn.run(
        guarded(create_app(settings)),
        host=args.host,
        port=args.port,
        access_log=False,
        log_level="warning",
    )
    return 0


def cmd_slack(args: argparse.Namespace, out: Console, err: Console) -> int:
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    from bot.batching import AnswerBatcher
    from bot.slack.app import slack_runtime
    from bot.watch import CorpusWatcher, StoreFollower

    settings = settings_from(args)
    logging.getLogger("bot.watch").setLevel(logging.INFO)  # say when articles are taken in
    if settings.slack_bot_token is None or settings.slack_app_token is None:
        raise ConfigurationError(
            "Socket Mode needs SLACK_BOT_TOKEN (xoxb-...) and SLACK_APP_TOKEN (xapp-...)."
        )
    bot = open_bot(settings, err)
    batcher = AnswerBatcher(bot, max_waiting=settings.max_waiting)
    slack = slack_runtime(settings, batcher, verify_requests=False)
    watcher = CorpusWatcher.for_settings(settings, bot.sync).start() if settings.watch else None
    follower = StoreFollower(bot.follow, settings.follow_seconds) if settings.chroma_url else None
    if follower is not None:
        follower.start()
    err.print("newsbot: connected to Slack over Socket Mode; Ctrl-C to stop")
    try:
        SocketModeHandler(slack.app, settings.slack_app_token.get_secret_value()).start()
    finally:
        if watcher is not None:
            watcher.stop()
        if follower is not None:
            follower.stop()
    return 0


def cmd_mcp(args: argparse.Namespace, out: Console, err: Console) -> int:
    from bot.mcp_server import run_stdio

    settings = settings_from(args)
    find_files(Path(settings.corpus_dir))  # a missing corpus is reported before serving
    run_stdio(settings)  # stdout carries the protocol: nothing else may be printed there
    return 0


def cmd_feedback(args: argparse.Namespace, out: Console, err: Console) -> int:
    import csv
    import io

    from bot.slack.state import SlackState

    settings = settings_from(args)
    if not settings.feedback_path.is_file():
        raise NewsbotError(f"No feedback yet: {settings.feedback_path} does not exist.")
    rows = SlackState(settings.feedback_path).feedback()
    if args.format == "json":
        text = json.dumps(rows, ensure_ascii=False, indent=1) + "\n"
    elif args.format == "csv":
        buffer = io.StringIO()
        fields = ["created", "vote", "user_id", "question", "answer", "citations", "answer_id"]
        writer = csv.DictWriter(buffer, fieldnames=fields)
        writer.writeheader()
        for row in rows:
            writer.writerow(row | {"citations": json.dumps(row["citations"], ensure_ascii=False)})
        text = buffer.getvalue()
    else:
        lines = [
            f"{len(rows)} votes: {sum(r['vote'] == 'up' for r in rows)} 👍, "
            f"{sum(r['vote'] == 'down' for r in rows)} 👎"
        ]
        lines += [
            f"{r['created']}  {'👍' if r['vote'] == 'up' else '👎'}  {r['question']}" for r in rows
        ]
        text = "\n".join(lines) + "\n"
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


COMMANDS = {
    "ask": cmd_ask,
    "ingest": cmd_ingest,
    "repl": cmd_repl,
    "eval": cmd_eval,
    "serve": cmd_serve,
    "slack": cmd_slack,
    "mcp": cmd_mcp,
    "feedback": cmd_feedback,
}


def _configure_logging(verbose: bool) -> None:
    """Our own warnings (skipped files) on stderr; libraries only when they fail."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("newsbot: %(message)s"))
    ours = ("retrieval", "bot", "newsbot")
    handler.addFilter(lambda r: r.levelno >= logging.ERROR or r.name.split(".")[0] in ours)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO if verbose else logging.WARNING)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    _configure_logging(getattr(args, "verbose", False))
    out, err = Console(), Console(stderr=True)
    if args.command is None:
        if not (sys.stdin.isatty() and sys.stdout.isatty()):
            parser.print_help(sys.stderr)
            return EXIT_USAGE
        args = parser.parse_args(["repl"])
    try:
        return COMMANDS[args.command](args, out, err)
    except NewsbotError as e:
        print(f"newsbot: {e}", file=sys.stderr)
        return e.exit_code
    except KeyboardInterrupt:
        return 130
