"""The `pingan` command: build, serve and check, with help and messages in Chinese.

The command line is read in `args`; what is printed, in `say`; errors of the system and bugs, in `failures`;
each longer subcommand has its own module (`serve`, `audit`, `authoring`)."""

from __future__ import annotations

import argparse
import logging
import os
import sqlite3
import sys
from collections.abc import Sequence
from concurrent.futures import BrokenExecutor
from pathlib import Path

from ..errors import PinganError, ProblemList, UsageError
from . import args as args_
from . import audit, authoring, say, serve
from .failures import WORKER_KILLED, debugging, internal_error, printable_streams, system_error


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `pingan` command; returns the exit code."""
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    printable_streams()
    args: argparse.Namespace | None = None
    out: Path | None = None
    try:
        parser = args_.parser()
        args = parser.parse_args(argv)
        if args.command is None:
            parser.print_help()
            return 2
        config_path = Path(args.config)
        from ..config import check_file

        check_file(config_path)  # before anything is made beside it (the build's cache, a lock)
        if args.command == "check":
            from ..build import check

            say.starting("正在检查稿件和记录……")
            say.summary(check(config_path, strict=args.strict), built=False)
        elif args.command == "import":
            return authoring.import_files(config_path, [Path(f) for f in args.files], args.column)
        elif args.command == "audit":
            return audit.run_audit(config_path, args)
        elif args.command == "new":
            authoring.new(config_path, args.kind, args.title, args.column)
        elif args.command == "build":
            from ..build import build

            out = Path(args.out) if args.out else config_path.resolve().parent / "site"
            say.starting("正在检查并生成网站……")
            say.summary(build(config_path, out, strict=args.strict), built=True)
        else:
            serve.serve(config_path, args.port, args.strict)
    except ProblemList as exc:
        say.print_problems(exc)
        if out is not None and out.is_dir():  # a failed build leaves the last good site as it was
            assert args is not None
            shown = args.out.rstrip("/\\") if args.out else "配置文件旁的 site"
            print(say.KEPT.format(shown), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\n已中断。上一次生成的网站保持不变。", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`pingan build | head`): the work is done; say nothing more.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except UsageError as exc:
        print(f"pingan：错误：{say.masked(exc)}", file=sys.stderr)
        return 2
    except PinganError as exc:
        print(f"错误：{say.masked(exc)}", file=sys.stderr)
        return 1
    except BrokenExecutor:
        print(f"错误：{WORKER_KILLED}", file=sys.stderr)
        return 1
    except (OSError, sqlite3.Error, MemoryError) as exc:  # the disk, the system or the memory said no
        if debugging():
            import traceback

            traceback.print_exc()
        print(f"错误：{system_error(exc, args, out)}", file=sys.stderr)
        return 1
    except Exception as exc:  # a bug: said in words, with what to send; the traceback when asked for
        print(f"错误：{internal_error(exc, args)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
