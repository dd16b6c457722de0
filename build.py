#!/usr/bin/env python3
"""Build the rare-disease site from content/ into site/ (raresite/pipeline.py tells how).

Exit status: 0 done; 1 the records have problems, or the site could not be published (site/ is
then as it was); 2 a command line it does not understand; 130 interrupted (site/ as it was).
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from pathlib import Path

INTERRUPTED = "Interrupted; site/ is as it was."
try:  # a Ctrl-C this early (the imports take a quarter of a second) is said in one line too
    from raresite import pipeline, publish
    from raresite.plan import Plan
    from raresite.problems import AnotherBuild, PublishError, RecordProblems, UsageError
    from raresite.project import Project
    from raresite.speed import FastPlan
except KeyboardInterrupt:
    print(INTERRUPTED, file=sys.stderr)
    sys.exit(130)

ROOT = Path(__file__).resolve().parent


def command_line() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python build.py", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--plain", action="store_true",
                        help="no speed-ups: one process, nothing kept or skipped (the reference the "
                             "usual build is tested against; it builds the same site, slower)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser("build", help="build site/ from content/ (the default: the whole job)")
    commands.add_parser("check", help="validate every record and write nothing")
    commands.add_parser("hpo-report", help="compare each record's features with HPO's annotations")
    suggest = commands.add_parser("suggest-hpo", help="rank HPO terms for a curator's words")
    suggest.add_argument("words", help='the words, in quotes: "early blindness"')
    new = commands.add_parser("new", help="write a new record's skeleton, every field explained")
    new.add_argument("name", help="the disease's preferred name, in quotes")
    new.add_argument("--omim", help="its OMIM number (six digits): the record is then a draft prefilled from "
                                    "HPO's annotations of it, where the shipped release has them")
    new.add_argument("--orpha", help="its ORPHAcode (digits): a draft from HPO's annotations of it, as --omim")
    new.add_argument("--slug", help="the page's address, /diseases/SLUG/ (default: made from the name)")
    serve = commands.add_parser("serve", help="preview on 127.0.0.1, rebuilt when a record changes")
    serve.add_argument("--port", type=int, default=8000, choices=range(65536), metavar="N",
                       help="the port, 0 to 65535 (0 picks a free one; default 8000)")
    return parser


def main(argv: list[str]) -> int:
    """Run one command; every expected failure ends here as a message and an exit status."""
    try:
        arguments = command_line().parse_args(argv)
    except SystemExit as stop:  # --help, or words argparse did not understand (it said why)
        return int(stop.code or 0)
    project = Project.at(ROOT)
    plan = Plan() if arguments.plain else FastPlan(project)
    started = time.perf_counter()
    closing = None  # the last line said, after any warning
    try:
        status = run(arguments, project, plan, started)
    except RecordProblems as failure:
        for problem in failure.problems:
            print(problem, file=sys.stderr)
        files = len({p.file for p in failure.problems})
        waiting = ", and checks that need the refused fields run once they are fixed" if failure.partly_checked else ""
        status, closing = 1, (f"{len(failure.problems)} problem{'s' * (len(failure.problems) != 1)} in {files} "
                              f"file{'s' * (files != 1)}{waiting}; nothing was published and site/ is unchanged.")
    except AnotherBuild as failure:
        status, closing = 1, f"error: {failure}."
    except PublishError as failure:
        status, closing = 1, f"error: {failure}\nsite/ is unchanged."
    except UsageError as failure:
        status, closing = 2, f"usage: {failure}"
    except KeyboardInterrupt:
        status, closing = 130, INTERRUPTED
    # A second Ctrl-C while the plan stops its helpers would leave them at work: this ends soon.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    plan.close()
    for warning in plan.warnings():
        print(f"warning: {warning}", file=sys.stderr)
    if closing:
        print(closing, file=sys.stderr)
    return status


def run(arguments: argparse.Namespace, project: Project, plan: Plan, started: float) -> int:
    command = arguments.command or "build"
    if command == "build":
        with publish.exclusive(project.build_dir):
            publish.clear_leftovers(project.site_dir)
            built = pipeline.build(project, plan)
        if built.skipped:
            print("Nothing changed since the last build; site/ is up to date.")
        else:
            how = "" if built.rerendered is None else \
                f" ({built.rerendered} changed page{'s' * (built.rerendered != 1)} re-rendered)"
            print(f"Built {built.diseases} disease page{'s' * (built.diseases != 1)} and {built.files} files "
                  f"in all into site/{how} in {time.perf_counter() - started:.1f} s.")
    elif command == "check":
        records, release = pipeline.checked_records(project, plan)
        print(f"{len(records)} record{'s' * (len(records) != 1)} checked against HPO {release.version}: "
              "no problems.")
    elif command == "hpo-report":
        from raresite.commands.report import hpo_report, reported_draft, reported_record

        records, unread, release, problems = pipeline.records_as_they_are(project, plan)
        drafts = [draft for draft in map(reported_draft, unread) if draft is not None]
        print(hpo_report(sorted([*map(reported_record, records), *drafts], key=lambda r: r.shown_as), release))
        if problems:  # a draft: the report is made all the same
            print(f"The records have {problems} problem{'s' * (problems != 1)} as well: `python build.py check` "
                  "lists them.", file=sys.stderr)
    elif command == "suggest-hpo":
        from raresite.commands.suggest import suggest

        print(suggest(arguments.words, pipeline.hpo_release(plan)))
    elif command == "new":
        from raresite.commands.scaffold import new_record

        print(new_record(arguments.name, arguments.omim, arguments.slug, project.content_dir, project.root,
                         orpha=arguments.orpha, hpo=lambda: pipeline.hpo_release(plan)))
        pipeline.write_schema(project)  # so the editor can check the new record from the first keystroke
    elif command == "serve":
        from raresite.commands.preview import serve  # its web server and file watcher: only here

        serve(arguments.port, project.root)
    return 0


if __name__ == "__main__":
    try:
        status = main(sys.argv[1:])
        sys.stdout.flush()
    except BrokenPipeError:
        # A closed pipe (`... | head`) ends the output quietly, as for any command-line tool, with
        # the status a shell gives a command a closed pipe ended. Not by restoring SIGPIPE's
        # default: that would also kill the build when one of its workers' pipes closes under it
        # (a Ctrl-C ends the workers first), instead of its saying it was interrupted.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        status = 128 + signal.SIGPIPE
    # Ended here rather than by the interpreter, which would free a build's million objects one
    # by one (0.15 s at 1,000 diseases) before giving their memory back all at once anyway.
    sys.stderr.flush()
    os._exit(status)
