"""The console script reads `factex merge` without typer (command.py): whatever it reads, it reads as
the typer command does; whatever it does not, typer reads."""
import pytest

from factex import command, reduce
from factex.cli import app

FORMS = [  # one line per way of writing the arguments
    ["facts.jsonl"],
    ["facts.jsonl", "-o", "out/records.jsonl"],
    ["facts.jsonl", "--output", "r.jsonl", "--workers", "3", "--quiet"],
    ["-q", "facts.jsonl", "--workers=2", "--output=r.jsonl"],
    ["-w", "2", "facts.jsonl", "-o", "a.jsonl", "-o", "b.jsonl"],
    ["facts.jsonl", "-w", "02"],
    ["./facts.jsonl", "-o", "./r.jsonl"],
]
LEFT_TO_TYPER = [  # forms the quick reading leaves to typer (help, mistakes, rarer spellings)
    [], ["--help"], ["facts.jsonl", "--help"], ["facts.jsonl", "-o"], ["facts.jsonl", "-w", "0"],
    ["facts.jsonl", "-w", "x"], ["facts.jsonl", "-w", "-1"], ["a.jsonl", "b.jsonl"], ["facts.jsonl", "-o=r.jsonl"],
    ["facts.jsonl", "-qw2"], ["facts.jsonl", "--output="], ["-", "-o", "r.jsonl"], ["facts.jsonl", "--", "-x"],
    ["facts.jsonl", "--verbose"],
]


def typer_reads(monkeypatch, args: list[str]) -> dict:
    seen = {}

    def merge_command(facts, output, workers=1, quiet=False):
        seen.update(facts=facts, output=output, workers=workers, quiet=quiet)
        return 0, 0

    monkeypatch.setattr(reduce, "merge_command", merge_command)
    app(["merge", *args], standalone_mode=False)
    return seen


@pytest.mark.parametrize("args", FORMS)
def test_the_quick_reading_of_merge_is_typers(monkeypatch, args):
    assert command.merge_args(args) == typer_reads(monkeypatch, args)


@pytest.mark.parametrize("args", LEFT_TO_TYPER)
def test_help_and_mistakes_go_to_typer(args):
    assert command.merge_args(args) is None


def test_the_console_script_merges_as_the_typer_command(tmp_path):
    import subprocess
    import sys

    from benchmarks.bench_merge import write_synthetic

    write_synthetic(tmp_path / "facts.jsonl", 300)
    runs = {"command": "import sys; from factex.command import main; sys.exit(main())",
            "typer": "from factex.cli import app; app()"}
    done = {name: subprocess.run([sys.executable, "-c", code, "merge", "facts.jsonl", "-o", f"{name}.jsonl"],
                                 cwd=tmp_path, capture_output=True, text=True) for name, code in runs.items()}
    assert [d.returncode for d in done.values()] == [0, 0]
    assert done["command"].stderr.replace("command.jsonl", "typer.jsonl") == done["typer"].stderr
    assert done["command"].stderr.endswith("conflicts) -> typer.jsonl\n".replace("typer", "command"))
    assert (tmp_path / "command.jsonl").read_bytes() == (tmp_path / "typer.jsonl").read_bytes()
