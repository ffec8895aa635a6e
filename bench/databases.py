"""Throw-away databases for the benchmarks: an empty SQLite file or a recreated PostgreSQL database."""

import os
import subprocess
import sys
from pathlib import Path

# $MOKED_BENCH_DATABASE names the PostgreSQL database (pages.py adds "_pages"): two people
# benchmarking on one server each name their own.
PG = {
    "host": "127.0.0.1",
    "port": 5432,
    "user": "postgres",
    "dbname": os.environ.get("MOKED_BENCH_DATABASE", "moked_bench"),
}


def shared_dir() -> Path:
    """The shared data folder (`shared/` beside the clone; from a git worktree one level deeper,
    beside its parent), or $MOKED_SHARED_DIR."""
    if os.environ.get("MOKED_SHARED_DIR"):
        return Path(os.environ["MOKED_SHARED_DIR"])
    root = Path(__file__).resolve().parents[1]
    for folder in root.parents:
        if (folder / "shared" / "bench" / "workload.py").exists():
            return folder / "shared"
    return root.parent / "shared"


def fresh_database(kind: str, workdir: Path, name: str = "bench", *, pg_database: str = PG["dbname"]) -> str:
    """Return the DATABASE_URL of an empty database of `kind` ("sqlite" or "postgresql"): the SQLite
    file `name` in `workdir`, or the PostgreSQL database `pg_database`, dropped and created again."""
    if kind == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            (workdir / f"{name}.sqlite3{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{workdir / f'{name}.sqlite3'}"
    if kind != "postgresql":
        raise SystemExit(f"unknown database kind {kind!r}: use sqlite or postgresql")
    import psycopg

    with psycopg.connect(
        host=PG["host"], port=PG["port"], user=PG["user"], dbname="postgres", autocommit=True
    ) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {pg_database} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {pg_database}")
    return f"postgres://{PG['user']}@{PG['host']}:{PG['port']}/{pg_database}"


def moked(env: dict, *args: str, **kwargs) -> subprocess.CompletedProcess:
    """Run a Moked management command in a child process with `env`."""
    return subprocess.run([sys.executable, "-m", "moked.manage", *args], env=env, check=True, **kwargs)


def run_child_per_database(script: str, name: str, kinds: str, child_args: list[str]) -> None:
    """For each kind of database: a fresh, migrated one, then `script --child ...` in a process of
    its own against it; prints the kind and the child's last line (its JSON result)."""
    work = Path(script).resolve().parent / "out" / "work"
    work.mkdir(parents=True, exist_ok=True)
    for kind in kinds.split(","):
        env = {**os.environ, "DATABASE_URL": fresh_database(kind, work, name), "MOKED_DATA_DIR": str(work)}
        moked(env, "migrate", "-v0")
        done = subprocess.run(
            [sys.executable, script, "--child", *child_args],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        print(kind, done.stdout.strip().splitlines()[-1], flush=True)
