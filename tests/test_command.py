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


CGROUPS = [  # (the files under a cgroup root, the CPUs factex may use of the 8 it may run on)
    ({}, 8),
    ({"cpu.max": "max 100000"}, 8),
    ({"cpu.max": "200000 100000"}, 2),
    ({"cpu.max": "150000 100000"}, 2),
    ({"cpu.max": "50000 100000"}, 1),
    ({"cpu.max": "1600000 100000"}, 8),
    ({"cpu/cpu.cfs_quota_us": "-1", "cpu/cpu.cfs_period_us": "100000"}, 8),
    ({"cpu/cpu.cfs_quota_us": "300000", "cpu/cpu.cfs_period_us": "100000"}, 3),
    ({"cpu,cpuacct/cpu.cfs_quota_us": "100000", "cpu,cpuacct/cpu.cfs_period_us": "50000"}, 2),
]


@pytest.mark.parametrize("files, cpus", CGROUPS)
def test_the_cpus_factex_may_use_are_bounded_by_the_container_quota(tmp_path, monkeypatch, files, cpus):
    import os

    from factex.cpus import usable_cpus

    for name, text in files.items():
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(text + "\n")
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(8)), raising=False)
    assert usable_cpus(tmp_path) == cpus


def test_merge_uses_as_many_workers_as_cpus_unless_told(tmp_path, monkeypatch):
    from factex import cpus

    facts = tmp_path / "facts.jsonl"
    facts.write_text('{"doc": "a", "value": 1, "start": 0, "end": 1}\n')
    given = []

    def merge_facts(facts_path, records_path, workers, progress=None):
        given.append(workers)
        records_path.write_text("")
        return 0, 0

    monkeypatch.setattr(cpus, "usable_cpus", lambda: 3)
    monkeypatch.setattr(reduce, "merge_facts", merge_facts)
    reduce.merge_command(facts, tmp_path / "r.jsonl", quiet=True)
    reduce.merge_command(facts, tmp_path / "r.jsonl", workers=1, quiet=True)
    assert given == [3, 1]
