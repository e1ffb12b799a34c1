"""The interactive loop. It only calls the ``ask`` it is given, so tests drive it with a
scripted reader and a recording console."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from pathlib import Path

from rich.console import Console

from bot.render import print_answer
from retrieval import Answer, NewsbotError

Ask = Callable[[str, Sequence[str]], Answer]
ReadLine = Callable[[str], str]  # raises EOFError at the end of input

HELP = """Type a question and press Enter. Follow-up questions ("and who were the conveners?")
use the previous question as context.
  :sources   the full quotes of the last answer
  :history   the questions asked so far
  :new       forget the conversation (start a new topic)
  :help      this text
  :quit      leave (Ctrl-D works too)"""
MAX_CONTEXT = 5


def terminal_reader(history_file: Path | None) -> ReadLine:
    """``input`` with line editing and a persistent history, where readline exists."""
    try:
        import readline
    except ImportError:  # pragma: no cover - not on Linux
        return input
    if history_file is not None:
        with contextlib.suppress(OSError):
            readline.read_history_file(history_file)
        import atexit

        def save() -> None:
            with contextlib.suppress(OSError):
                readline.set_history_length(1000)
                readline.write_history_file(history_file)

        atexit.register(save)
    return input


def run_repl(ask: Ask, console: Console, read_line: ReadLine, welcome: str = "") -> int:
    """Read questions until :quit or end of input; returns the exit code."""
    if welcome:
        console.print(welcome, style="dim")
    history: list[str] = []
    last: Answer | None = None
    while True:
        try:
            line = read_line("? ").strip()
        except EOFError:
            console.print()
            return 0
        except KeyboardInterrupt:
            console.print()
            continue
        if not line:
            continue
        if line.startswith(":"):
            command = line[1:].strip().lower()
            if command in ("q", "quit", "exit"):
                return 0
            if command == "help":
                console.print(HELP, markup=False)
            elif command == "sources":
                if last is None:
                    console.print("No answer yet.", style="dim")
                else:
                    print_answer(console, last, show_quotes=True)
            elif command == "history":
                for n, q in enumerate(history, start=1):
                    console.print(f"{n}. {q}", markup=False)
            elif command == "new":
                history.clear()
                console.print("Starting a new conversation.", style="dim")
            else:
                console.print(f"Unknown command {line!r}; type :help.", markup=False)
            continue
        try:
            last = ask(line, tuple(history[-MAX_CONTEXT:]))
        except NewsbotError as e:
            console.print(f"newsbot: {e}", style="red", markup=False)
            continue
        history.append(line)
        print_answer(console, last)
