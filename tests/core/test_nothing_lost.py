"""Nothing lost, nothing silently wrong (engine side): read-only outputs are never replaced, output folders
are published whole or not at all, stale staging folders of killed runs are cleaned (only ours), overflows
and impossible Monte Carlo requests are errors that name their input."""

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from bluecarbon.core.errors import InputError, OutputError
from bluecarbon.core.flow.demand import point_units
from bluecarbon.core.io import STAGING_OWNER, StagedFolder, remove_stale_staging, write_csv
from bluecarbon.core.parameters import MAX_DRAWS, load_parameters
from bluecarbon.core.valuation import Valuation, net_present_value

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def test_a_read_only_output_file_is_never_replaced(tmp_path: Path) -> None:
    target = tmp_path / "sink.csv"
    target.write_text("mine\n")
    target.chmod(0o444)
    with pytest.raises(OutputError) as err:
        write_csv(str(target), {"a": [1]})
    assert str(target) in str(err.value) and "read-only" in str(err.value) and "Fix:" in str(err.value)
    assert target.read_text() == "mine\n"
    assert [p.name for p in tmp_path.iterdir()] == ["sink.csv"], "no temporary file is left"


def test_a_writable_output_file_is_replaced(tmp_path: Path) -> None:
    target = tmp_path / "sink.csv"
    target.write_text("old\n")
    write_csv(str(target), {"a": [1]})
    assert target.read_text().splitlines() == ["a", "1"]


def test_a_file_of_another_user_is_not_replaced_by_an_unprivileged_user() -> None:
    """Run as 'nobody' (privileges dropped): a root-owned 644 file in a world-writable folder is refused."""
    from unprivileged import run_python_unprivileged, shared_folder

    if not IS_ROOT:
        pytest.skip("the file must belong to another user: needs the suite to run as root (as CI does)")
    with shared_folder() as folder:
        target = folder / "links.csv"
        target.write_text("root's\n")
        target.chmod(0o644)
        code = ("import sys\n"
                "from bluecarbon.core.io import write_csv\n"
                "from bluecarbon.core.errors import OutputError\n"
                "try:\n    write_csv(sys.argv[1], {'a': [1]})\nexcept OutputError as e:\n    print('REFUSED', e)\n")
        done = run_python_unprivileged(code, None, target)
        assert "REFUSED" in done.stdout and "read-only" in done.stdout, done.stdout + done.stderr
        assert target.read_text() == "root's\n"


def staged(folder: Path, files: dict) -> StagedFolder:
    run = StagedFolder(str(folder), ".blueassessment-")
    path = Path(run.open())
    for name, text in files.items():
        (path / name).parent.mkdir(parents=True, exist_ok=True)
        (path / name).write_text(text)
    return run


def test_a_staged_folder_is_published_whole(tmp_path: Path) -> None:
    out = tmp_path / "out"
    run = staged(out, {"a.csv": "A", "report_files/chart.png": "P"})
    assert run.publish() == 2
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()) == ["a.csv", "report_files/chart.png"]


def test_a_read_only_file_in_the_output_folder_stops_the_whole_publication(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.csv").write_text("old A")
    (out / "report.html").write_text("old report")
    (out / "report.html").chmod(0o444)
    run = staged(out, {"a.csv": "new A", "report.html": "new report"})
    with pytest.raises(OutputError) as err:
        run.publish()
    assert "report.html" in str(err.value) and "read-only" in str(err.value)
    run.discard()
    assert (out / "a.csv").read_text() == "old A", "nothing was replaced"
    assert sorted(p.name for p in out.iterdir()) == ["a.csv", "report.html"], "no staging folder is left"


def test_an_output_folder_that_cannot_be_created_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(OutputError) as err:
        StagedFolder(str(blocker / "results"), ".blueassessment-").open()
    assert "cannot be created" in str(err.value) and "Fix:" in str(err.value)
    with pytest.raises(OutputError, match="is a file"):
        StagedFolder(str(blocker), ".blueassessment-").open()


def test_stale_staging_folders_of_killed_runs_are_removed_and_nothing_else(tmp_path: Path) -> None:
    import socket

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True, check=True)
    dead_pid = int(dead.stdout)
    killed = tmp_path / ".blueassessment-killed"
    killed.mkdir()
    (killed / STAGING_OWNER).write_text(f"{socket.gethostname()} {dead_pid}\n")
    (killed / "flow_links.gpkg-wal").write_text("partial")
    running = tmp_path / ".blueassessment-running"
    running.mkdir()
    (running / STAGING_OWNER).write_text(f"{socket.gethostname()} {os.getppid()}\n")
    foreign = tmp_path / ".blueassessment-not-ours"  # no owner marker: not made by the plugin
    foreign.mkdir()
    other_host = tmp_path / ".blueassessment-other-host"
    other_host.mkdir()
    (other_host / STAGING_OWNER).write_text(f"another-machine {dead_pid}\n")
    removed = remove_stale_staging(str(tmp_path), ".blueassessment-")
    assert removed == [str(killed)]
    assert not killed.exists() and running.exists() and foreign.exists() and other_host.exists()


def test_impossible_monte_carlo_requests_are_refused_before_allocating() -> None:
    table = load_parameters("mcleod_2011")
    with pytest.raises(InputError) as err:
        table.sample(2_000_000_000, 1)
    assert f"{MAX_DRAWS:,}" in str(err.value) and "Fix:" in str(err.value)
    draws = table.sample(10, 1)
    assert all(v.shape == (10,) for v in draws.values())


def test_an_overflowing_price_is_an_error_not_a_blank_value() -> None:
    with pytest.raises(InputError) as err:
        net_present_value(np.full(10, 100.0), 2020, Valuation(price=1e308, price_growth=0.02, discount_rate=0.03))
    assert "price" in str(err.value)
    # the annuity by hand: 50 · 100 · Σ_{t=1..10} (1.02/1.03)^t
    q = 1.02 / 1.03
    expected = 50 * 100 * sum(q ** t for t in range(1, 11))
    ok = net_present_value(np.full(10, 100.0), 2020, Valuation(price=50, price_growth=0.02, discount_rate=0.03))
    assert float(ok) == pytest.approx(expected, rel=1e-12)


def test_an_overflowing_demand_coefficient_is_an_error() -> None:
    with pytest.raises(InputError) as err:
        point_units([1, 2], [0.0, 1.0], [0.0, 1.0], [10.0, 20.0], coefficient=1e308, layer_name="The demand layer",
                    field_name="emissions", crs_wkt="")
    assert "coefficient" in str(err.value) and "Fix:" in str(err.value)
