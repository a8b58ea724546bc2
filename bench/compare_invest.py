"""Run InVEST 3.20.2 Coastal Blue Carbon and bluecarbon's change engine on the same three-date case; compare.

A comparison oracle, never a test dependency. InVEST has no Linux wheels: build it in a separate venv as
docs/carbon-change.md ("Checked against InVEST") and ENVIRONMENT.md describe, by default in
``bench/output/invest/venv`` (git-ignored). Then::

    PYTHONPATH=.build/plugins .venv/bin/python bench/compare_invest.py [--invest-python PATH]

The case is the hand case of tests/core/test_change.py (3 x 5 cells of 10 m; 2000, 2010, 2015; analysis
year 2030): six class histories, among them mangrove → pond → pond (a disturbance whose emission runs on
through an NCC period), mangrove → marsh → built (two actions), flat → mangrove (restoration) and mangrove →
pond → mangrove (an accumulation after a disturbance). Both models get the same stocks, rates, half-lives,
disturbance fractions and transition table; InVEST's biophysical table gives the non-blue classes the
half-lives of mangrove, so that its code (which takes the half-life of the class at the start of each
period) and the guide's H_{p,s} (the disturbed class's) agree on mangrove → pond → pond.

Printed: for every history and period, accumulation, emissions and net sequestration (t C/ha), biomass and
soil stocks at each snapshot and the analysis year, and NPV, InVEST's raster value next to ours, with the
documented departures marked.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import rasterio
from rasterio.transform import from_origin

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CASE = HERE / "output" / "invest_case"
DEFAULT_INVEST_PYTHON = HERE / "output" / "invest" / "venv" / "bin" / "python"

YEARS = [2000, 2010, 2015]
ANALYSIS = 2030
PRICE, INFLATION_PCT, DISCOUNT_PCT = 12.0, 2.0, 5.0
MAPS = {
    2000: [[1, 1, 1, 1, 1], [1, 1, 1, 1, 4], [1, 1, 5, 5, 0]],
    2010: [[1, 1, 1, 1, 3], [3, 3, 2, 2, 1], [3, 3, 5, 5, 0]],
    2015: [[1, 1, 1, 1, 3], [3, 3, 5, 5, 1], [1, 1, 5, 5, 0]],
}
CLASSES = {1: ("mangrove", "mangrove"), 2: ("marsh", "salt_marsh"), 3: ("pond", "open_water"),
           4: ("flat", "tidal_flat"), 5: ("built", "non_habitat")}
PARAMS = {
    "mangrove": dict(aboveground_biomass_stock=100, belowground_biomass_stock=50, soil_stock=400, litter_stock=10,
                     biomass_accumulation=2, soil_accumulation=1.5, litter_accumulation=0.5,
                     biomass_half_life=10, soil_half_life=5,
                     biomass_disturbance_low=0.2, biomass_disturbance_med=0.5, biomass_disturbance_high=1.0,
                     soil_disturbance_low=0.1, soil_disturbance_med=0.3, soil_disturbance_high=0.6),
    "salt_marsh": dict(aboveground_biomass_stock=10, belowground_biomass_stock=20, soil_stock=200,
                       biomass_accumulation=0.5, soil_accumulation=1.0, litter_accumulation=0.2,
                       biomass_half_life=1, soil_half_life=8,
                       biomass_disturbance_low=0.5, biomass_disturbance_med=0.5, biomass_disturbance_high=1.0,
                       soil_disturbance_low=0.3, soil_disturbance_med=0.5, soil_disturbance_high=0.8),
    "tidal_flat": dict(soil_stock=20, soil_accumulation=0.1),
}
HISTORIES = {
    "mangrove-mangrove-mangrove": (0, 0), "mangrove-pond-pond": (0, 4), "mangrove-marsh-built": (1, 2),
    "flat-mangrove-mangrove": (1, 4), "mangrove-pond-mangrove": (2, 0), "built-built-built": (2, 2),
}
"""History → one (row, column) cell that has it."""

INVEST_SCRIPT = textwrap.dedent("""
    import json, sys
    from natcap.invest.coastal_blue_carbon import coastal_blue_carbon
    args = json.loads(sys.argv[1])
    coastal_blue_carbon.execute(args)
""")


def unit_of(name: str) -> str:
    if "disturbance" in name:
        return "fraction"
    return "t C/ha" if name.endswith("stock") else "t C/ha/yr" if name.endswith("accumulation") else "yr"


def write_inputs() -> dict:
    """The rasters, legend and parameter table (ours) and the biophysical and transition tables (InVEST's)."""
    CASE.mkdir(parents=True, exist_ok=True)
    paths = {}
    for year, grid in MAPS.items():
        paths[year] = CASE / f"lulc_{year}.tif"
        with rasterio.open(paths[year], "w", driver="GTiff", width=5, height=3, count=1, dtype="uint8", nodata=0,
                           crs="EPSG:32649", transform=from_origin(371000, 2390000, 10, 10)) as dst:
            dst.write(np.array(grid, np.uint8), 1)
    (CASE / "snapshots.csv").write_text("snapshot_year,raster_path\n" + "".join(f"{y},{p}\n" for y, p in paths.items()))
    (CASE / "legend.csv").write_text("value,name,ecosystem\n" + "".join(f"{v},{n},{e}\n" for v, (n, e) in CLASSES.items()))
    rows = [f"{e},{p},{v},{unit_of(p)}" for e, ps in PARAMS.items() for p, v in ps.items()]
    (CASE / "parameters.csv").write_text("ecosystem,parameter,value,unit\n" + "\n".join(rows) + "\n")
    columns = ["lucode", "lulc-class", "biomass-initial", "soil-initial", "litter-initial", "biomass-half-life",
               "biomass-low-impact-disturb", "biomass-med-impact-disturb", "biomass-high-impact-disturb",
               "biomass-yearly-accumulation", "soil-half-life", "soil-low-impact-disturb", "soil-med-impact-disturb",
               "soil-high-impact-disturb", "soil-yearly-accumulation", "litter-yearly-accumulation"]
    mangrove = PARAMS["mangrove"]
    lines = [",".join(columns)]
    for v, (name, eco) in CLASSES.items():
        p = PARAMS.get(eco, {})
        g = lambda k, d=0.0: p.get(k, d)  # noqa: E731
        lines.append(",".join(map(str, [
            v, name, g("aboveground_biomass_stock") + g("belowground_biomass_stock"), g("soil_stock"), g("litter_stock"),
            g("biomass_half_life", mangrove["biomass_half_life"]), g("biomass_disturbance_low"),
            g("biomass_disturbance_med"), g("biomass_disturbance_high"), g("biomass_accumulation"),
            g("soil_half_life", mangrove["soil_half_life"]), g("soil_disturbance_low"), g("soil_disturbance_med"),
            g("soil_disturbance_high"), g("soil_accumulation"), g("litter_accumulation"),
        ])))
    (CASE / "biophysical.csv").write_text("\n".join(lines) + "\n")
    return {"snapshots": paths}


def transition_tables(result) -> None:
    """Our default table written out, and the same table with InVEST's class names."""
    from bluecarbon.core.change import TRANSITION_TYPES

    table = result.transitions
    table.to_csv(str(CASE / "transitions_ours.csv"), result.legend)
    names = {v: CLASSES[v][0] for v in CLASSES}
    lines = ["lulc-class," + ",".join(names[d] for d in table.destinations)]
    for s in table.sources:
        cells = [TRANSITION_TYPES[table.cells[(s, d)]] if (s, d) in table.cells else "" for d in table.destinations]
        lines.append(names[s] + "," + ",".join(cells))
    (CASE / "transitions_invest.csv").write_text("\n".join(lines) + "\n")


def run_invest(python: Path) -> Path:
    workspace = CASE / "invest_workspace"
    args = {
        "workspace_dir": str(workspace), "results_suffix": "", "n_workers": -1,
        "landcover_snapshot_csv": str(CASE / "snapshots.csv"), "analysis_year": ANALYSIS,
        "biophysical_table_path": str(CASE / "biophysical.csv"),
        "landcover_transitions_table": str(CASE / "transitions_invest.csv"),
        "do_economic_analysis": True, "use_price_table": False, "price": PRICE,
        "inflation_rate": INFLATION_PCT, "discount_rate": DISCOUNT_PCT,
    }
    done = subprocess.run([str(python), "-c", INVEST_SCRIPT, json.dumps(args)], capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"InVEST failed:\n{done.stdout}\n{done.stderr}")
    return workspace


def cell(path: Path, rc: tuple[int, int]) -> float:
    """A raster's value at (row, column); InVEST's nodata (float32 min, e.g. emissions of cells never
    disturbed) reads as 0."""
    with rasterio.open(path) as src:
        value = float(src.read(1)[rc])
    return 0.0 if value < -1e30 else value


def store(workspace: Path, folder: Path) -> None:
    """Keep the case's inputs and InVEST's own per-history values as a test fixture in ``folder``.

    Written: the three rasters, InVEST's snapshot CSV (paths relative to the folder), biophysical and
    transition tables, our legend and parameter table, and ``invest_outputs.csv`` with one row per history,
    quantity and period or year, read from InVEST's rasters (t C/ha; NPV in InVEST's units).
    """
    import shutil

    folder.mkdir(parents=True, exist_ok=True)
    for year in YEARS:
        shutil.copy(CASE / f"lulc_{year}.tif", folder / f"lulc_{year}.tif")
    (folder / "snapshots.csv").write_text("snapshot_year,raster_path\n" + "".join(f"{y},lulc_{y}.tif\n" for y in YEARS))
    for name in ("biophysical.csv", "transitions_invest.csv", "legend.csv", "parameters.csv"):
        shutil.copy(CASE / name, folder / name)
    out, inter = workspace / "output", workspace / "intermediate"
    bounds = YEARS + [ANALYSIS]
    lines = ["history,row,col,quantity,start,end,value"]
    for name, (r, c) in HISTORIES.items():
        def add(quantity: str, start: int, end: int, path: Path) -> None:
            lines.append(f"{name},{r},{c},{quantity},{start},{end},{cell(path, (r, c)):.9g}")
        for y0, y1 in zip(bounds[:-1], bounds[1:]):
            add("accumulation", y0, y1, out / f"carbon-accumulation-between-{y0}-and-{y1}.tif")
            if y0 != bounds[0]:
                add("emissions", y0, y1, out / f"carbon-emissions-between-{y0}-and-{y1}.tif")
            add("net_sequestration", y0, y1, out / f"total-net-carbon-sequestration-between-{y0}-and-{y1}.tif")
        for year in bounds:
            for pool in ("biomass", "soil"):
                add(f"stock_{pool}", year, year, inter / f"stocks-{pool}-{year}.tif")
            add("stock_total", year, year, out / f"carbon-stock-at-{year}.tif")
        for year in bounds[2:]:
            add("npv", year, year, out / f"net-present-value-at-{year}.tif")
    (folder / "invest_outputs.csv").write_text("\n".join(lines) + "\n")
    print(f"stored the case and InVEST's outputs in {folder}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--invest-python", type=Path, default=DEFAULT_INVEST_PYTHON)
    parser.add_argument("--store", type=Path, help="also keep the inputs and InVEST's outputs here (a test fixture)")
    args = parser.parse_args()
    if not args.invest_python.exists():
        sys.exit(f"{args.invest_python} not found: build natcap.invest in a separate venv first (see the docstring)")
    sys.path.insert(0, str(ROOT / ".build" / "plugins"))
    from bluecarbon.core.change import ChangeOptions, analyse_change, open_snapshots
    from bluecarbon.core.parameters import load_parameters
    from bluecarbon.core.valuation import Valuation

    inputs = write_inputs()
    with open_snapshots(list(inputs["snapshots"].values()), YEARS, str(CASE / "legend.csv")) as snaps:
        result = analyse_change(
            snaps, load_parameters(str(CASE / "parameters.csv")),
            valuation=Valuation(PRICE, INFLATION_PCT / 100, DISCOUNT_PCT / 100),
            options=ChangeOptions(analysis_year=ANALYSIS),
        )
    transition_tables(result)
    workspace = run_invest(args.invest_python)
    if args.store:
        store(workspace, args.store)
    out, inter = workspace / "output", workspace / "intermediate"
    book = result.book
    bounds = book.boundaries
    codes = np.array(result.scheme.codes)[result.histories.classes - 1]
    rows_of = {}
    for name, rc in HISTORIES.items():
        history = [MAPS[y][rc[0]][rc[1]] for y in YEARS]
        rows_of[name] = int(np.flatnonzero((codes == history).all(axis=1))[0])

    worst: dict[str, float] = {}
    departures = []

    def compare(label: str, history: str, ours: float, theirs: float, note: str = "") -> None:
        diff = ours - theirs
        key = label.split()[0]
        if note:
            departures.append(f"  {history:28s} {label:34s} ours {ours:12.6f}  InVEST {theirs:12.6f}  ({note})")
        else:
            worst[key] = max(worst.get(key, 0.0), abs(diff))

    for name, h in rows_of.items():
        rc = HISTORIES[name]
        for j in range(len(bounds) - 1):
            y0, y1 = bounds[j], bounds[j + 1]
            acc = sum(book.accumulation[p][h, j] for p in book.accumulation)
            emi = sum(book.emissions[p][h, j] for p in book.emissions)
            inv_acc = cell(out / f"carbon-accumulation-between-{y0}-and-{y1}.tif", rc)
            inv_net = cell(out / f"total-net-carbon-sequestration-between-{y0}-and-{y1}.tif", rc)
            after_disturbance = name == "mangrove-pond-mangrove" and j == 2
            compare(f"accumulation {y0}-{y1}", name, acc, inv_acc)
            if j > 0:
                inv_emi = cell(out / f"carbon-emissions-between-{y0}-and-{y1}.tif", rc)
                compare(f"emissions {y0}-{y1}", name, emi, inv_emi,
                        "accum after a disturbance: the guide stops the emission" if after_disturbance else "")
            litter = book.accumulation["litter"][h, j]
            note = ""
            if after_disturbance:
                note = "accum after a disturbance"
            elif j > 0 and litter:
                note = f"InVEST's net leaves out litter ({litter:g})"
            compare(f"net {y0}-{y1}", name, acc - emi, inv_net, note)
        for k, year in enumerate(bounds):
            for pool in ("biomass", "soil"):
                stock = book.stock_at[pool][h, k]
                inv = cell(inter / f"stocks-{pool}-{year}.tif", rc)
                late = name == "mangrove-pond-mangrove" and year > 2015
                compare(f"stock {pool} {year}", name, stock, inv, "accum after a disturbance" if late else "")
            total = sum(book.stock_at[p][h, k] for p in book.stock_at)
            inv_total = cell(out / f"carbon-stock-at-{year}.tif", rc)
            litter_rate = (result.book.accumulation["litter"][h, min(k, len(bounds) - 2)]
                           / (bounds[min(k, len(bounds) - 2) + 1] - bounds[min(k, len(bounds) - 2)]))
            if abs(total - inv_total) > 1e-3:
                departures.append(
                    f"  {name:28s} total stock {year:<22} ours {total:12.6f}  InVEST {inv_total:12.6f}  "
                    f"(InVEST adds the litter rate {litter_rate:g} instead of the litter stock"
                    + ("; accum after a disturbance" if name == "mangrove-pond-mangrove" and year > 2015 else "") + ")")
        # NPV: ours (the guide) and InVEST's code formula applied to our net sequestration
        for year in bounds[2:]:
            inv_npv = cell(out / f"net-present-value-at-{year}.tif", rc)
            prices = [PRICE * (1 + INFLATION_PCT / 100) ** i for i in range(year - bounds[0])]
            factor = sum(p / (1 + DISCOUNT_PCT / 100) ** i for i, p in enumerate(prices))
            inv_net_sum = sum(cell(out / f"total-net-carbon-sequestration-between-{a}-and-{b}.tif", rc)
                              for a, b in zip(bounds[:-1], bounds[1:]) if b <= year)
            ours = float(book.npv[h, : bounds.index(year)].sum()) * 12 / 44  # ours values t CO2e; InVEST's units as given
            compare(f"npvcode {year}", name, inv_net_sum * factor, inv_npv)
            if abs(inv_npv) > 1e-9 or abs(ours) > 1e-9:
                departures.append(f"  {name:28s} NPV at {year:<27} ours {ours:12.4f}  InVEST {inv_npv:12.4f}  "
                                  "(guide: each year's net sequestration valued; code: period total × Σ discounted prices)")
    print("InVEST 3.20.2 Coastal Blue Carbon vs bluecarbon.core.change, three-date hand case (t C/ha)")
    print("Largest |ours − InVEST| where both follow the same equations:")
    for key, value in worst.items():
        label = "NPV by InVEST's formula" if key == "npvcode" else key
        print(f"  {label:28s} {value:.3g}")
    print("Documented departures (ours follows the user's guide):")
    print("\n".join(departures))


if __name__ == "__main__":
    main()
