"""Screenshots of the Prefect UI after an ingest run, for the docs (docs/screenshots/*.png).

Prerequisite (not needed by the tests): Chromium, e.g. on Debian or Ubuntu

    apt-get update && apt-get install -y chromium

Then, from the project folder: ``.venv/bin/python docs/screenshots.py``. The script starts
``prefect server start`` on a free 127.0.0.1 port with a temporary PREFECT_HOME, runs the ingest
flow on ``seeds/`` against it (into a temporary SQLite file), takes screenshots of the flow runs
list, the run's page and its table of ingested items with headless Chromium, then of
``newsroom browse`` on the same archive (the stories with their facets, and a search), and stops
the servers. Nothing leaves the machine: analytics are off and Chromium's background networking too.
"""

from __future__ import annotations

import argparse
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import httpx

from newsroom.cli.operations import wait_for_answer, wait_for_server
from newsroom.core.environment import prefect_environment

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
BIN = Path(sys.executable).parent
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--virtual-time-budget=15000",
]  # and a window 1280 px wide: the narrow end of an editor's screen
RUN_FLOW = "from flows.ingest import ingest; ingest(paths=['seeds'], database_url={url!r})"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def latest_ingest_run(api: str) -> str:
    response = httpx.post(
        f"{api}/flow_runs/filter",
        json={"flows": {"name": {"any_": ["ingest"]}}, "sort": "START_TIME_DESC", "limit": 1},
    )
    response.raise_for_status()
    return response.json()[0]["id"]


def items_artifact(api: str, run_id: str) -> str:
    response = httpx.post(
        f"{api}/artifacts/filter",
        json={"artifacts": {"flow_run_id": {"any_": [run_id]}, "key": {"any_": ["ingest-items"]}}},
    )
    response.raise_for_status()
    return response.json()[0]["id"]


def screenshot(chromium: str, url: str, target: Path, profile: Path, height: int = 900) -> None:
    subprocess.run(
        [
            chromium,
            *CHROMIUM_FLAGS,
            f"--window-size=1280,{height}",
            f"--user-data-dir={profile}",
            f"--screenshot={target}",
            url,
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    if not target.exists() or target.stat().st_size < 10_000:
        raise SystemExit(f"{target} looks empty; is the UI reachable at {url}?")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUT, help="where the PNGs go")
    args = parser.parse_args()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        raise SystemExit("chromium not found: apt-get update && apt-get install -y chromium")
    args.out.mkdir(parents=True, exist_ok=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    api = f"{base}/api"
    with tempfile.TemporaryDirectory(prefix="newsroom-screenshots-") as tmp:
        env = {
            **prefect_environment(),
            "PREFECT_HOME": str(Path(tmp) / "prefect"),
            "PREFECT_API_URL": api,
            "PREFECT_UI_API_URL": api,
        }
        server = subprocess.Popen(
            [str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            cwd=tmp,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            try:
                wait_for_server(api, server, timeout=90)
            except RuntimeError as exc:
                raise SystemExit(str(exc)) from exc
            database = f"sqlite:///{Path(tmp) / 'newsroom.db'}"
            subprocess.run(
                [sys.executable, "-c", RUN_FLOW.format(url=database)],
                env=env,
                cwd=ROOT,
                check=True,
                capture_output=True,
            )
            run_id = latest_ingest_run(api)
            artifact_id = items_artifact(api, run_id)
            profile = Path(tmp) / "chromium"
            ui = f"{base}/v2"  # the new UI: the old one ignores ?tab= on a first load
            pages = {
                "flow-runs.png": f"{ui}/runs",
                "ingest-run.png": f"{ui}/runs/flow-run/{run_id}?tab=Logs",
                "ingest-artifacts.png": f"{ui}/runs/flow-run/{run_id}?tab=Artifacts",
                "ingest-items.png": f"{ui}/artifacts/artifact/{artifact_id}",
            }
            browse_port = free_port()
            browse = subprocess.Popen(
                [str(BIN / "newsroom"), "browse", "--port", str(browse_port)],
                env={**env, "NEWSROOM_DATABASE_URL": database},
                cwd=tmp,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            try:
                datasette = f"http://127.0.0.1:{browse_port}"
                try:
                    wait_for_answer(
                        datasette, "/-/versions.json", browse, timeout=60, name="newsroom browse"
                    )
                except RuntimeError as exc:
                    raise SystemExit(str(exc)) from exc
                pages["browse-stories.png"] = f"{datasette}/newsroom/story"
                pages["browse-search.png"] = f"{datasette}/newsroom/story?_search=Guterres"
                for name, url in pages.items():
                    height = 1500 if name.startswith("browse") else 900  # facets and rows
                    screenshot(chromium, url, args.out / name, profile, height)
                    print(f"{args.out / name}: {url}")  # noqa: T201 - a script's output
            finally:
                browse.terminate()
                browse.wait(timeout=30)
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


if __name__ == "__main__":
    main()
