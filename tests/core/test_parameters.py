"""Parameter tables: presets load with their published numbers, bad tables name line and column, sampling is sound.

The expected numbers are those written in resources/parameters/README.md (each with its source).
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pytest

from bluecarbon.core.errors import InputError
from bluecarbon.core.io import OutputBatch
from bluecarbon.core.parameters import (
    COLUMNS,
    DISTRIBUTIONS,
    ECOSYSTEMS,
    PARAMETERS,
    Parameter,
    ParameterTable,
    load_parameters,
    parse_parameters,
    preset_ids,
    preset_path,
)
from bluecarbon.core.resources import PLUGIN_ROOT, resource_path

EXPECTED_PRESETS = {"ipcc_2013_tier1", "mcleod_2011", "wang_2019_us_tidal_marsh", "china_coastal", "invest_cbc_defaults"}
HEADER = ",".join(COLUMNS)


def table(*rows: str, comments: tuple[str, ...] = ("# title: test",)) -> str:
    """CSV text: comment lines, the header, then ``rows``."""
    return "\n".join([*comments, HEADER, *rows]) + "\n"


def row(eco: str = "mangrove", par: str = "soil_accumulation", value: str = "1.5", unit: str = "t C/ha/yr",
        low: str = "", high: str = "", sd: str = "", dist: str = "", source: str = "test", confirmed: str = "no",
        note: str = "") -> str:
    """One CSV row (no quoting: keep commas out of the arguments)."""
    return ",".join([eco, par, value, unit, low, high, sd, dist, source, confirmed, note])


def error_of(text: str) -> str:
    """The message of the InputError that parsing ``text`` raises."""
    with pytest.raises(InputError) as info:
        parse_parameters(text, "t.csv")
    return str(info.value)


# -- registry -----------------------------------------------------------------------------------


def test_registry_covers_the_vocabulary_with_units_and_ranges() -> None:
    """Every pool of the format is defined once, with its canonical unit, a description, a range and users."""
    expected_units = {
        "aboveground_biomass_stock": "t C/ha", "belowground_biomass_stock": "t C/ha", "litter_stock": "t C/ha",
        "soil_stock": "t C/ha", "soil_depth": "m", "biomass_accumulation": "t C/ha/yr",
        "soil_accumulation": "t C/ha/yr", "litter_accumulation": "t C/ha/yr", "biomass_half_life": "yr",
        "soil_half_life": "yr", "litter_half_life": "yr", "carbon_fraction": "t C/t dm",
        **{f"{pool}_disturbance_{level}": "fraction" for pool in ("biomass", "soil") for level in ("low", "med", "high")},
    }
    for name, unit in expected_units.items():
        assert PARAMETERS[name].unit == unit, name
    for name, spec in PARAMETERS.items():
        assert spec.name == name and spec.description and spec.range_rule
        assert set(spec.used_by) <= {"sink", "change"} and spec.used_by
        assert spec.minimum < spec.maximum
    for name in expected_units:
        if name.endswith(("_stock", "_accumulation")):
            assert PARAMETERS[name].minimum == 0 and PARAMETERS[name].maximum == math.inf
        if "disturbance" in name or name == "carbon_fraction":
            assert (PARAMETERS[name].minimum, PARAMETERS[name].maximum) == (0, 1)
    assert set(ECOSYSTEMS) == {"mangrove", "salt_marsh", "seagrass", "tidal_flat", "other_wetland"}


# -- presets ------------------------------------------------------------------------------------


def test_preset_ids_are_the_shipped_csv_files_and_all_are_documented() -> None:
    """preset_ids() lists resources/parameters/*.csv; the README and docs/parameters.md name each one."""
    folder = resource_path("parameters")
    assert preset_ids() == sorted(p.stem for p in folder.glob("*.csv"))
    assert EXPECTED_PRESETS <= set(preset_ids())
    readme = (folder / "README.md").read_text(encoding="utf-8")
    docs = (PLUGIN_ROOT / "docs" / "parameters.md").read_text(encoding="utf-8")
    for preset in preset_ids():
        assert f"`{preset}`" in readme, f"{preset} is not documented in resources/parameters/README.md"
        assert f"`{preset}`" in docs, f"{preset} is not listed in docs/parameters.md"


@pytest.mark.parametrize("preset", preset_ids())
def test_every_preset_loads_and_validates(preset: str) -> None:
    """Each preset loads, has its provenance lines, canonical units, a source and a note on every row."""
    params = load_parameters(preset)
    assert params.path == str(preset_path(preset)) and params.name == preset
    for key in ("title", "source", "licence", "note", "version"):
        assert params.meta.get(key), f"{preset} lacks '# {key}:'"
    assert len(params) > 0
    assert set(params.ecosystems) <= {"mangrove", "salt_marsh", "seagrass"}
    for p in params:
        assert p.unit == PARAMETERS[p.parameter].unit
        assert p.source and p.note, p
        assert p.distribution in DISTRIBUTIONS
        assert not p.user_defined
        if not p.confirmed:
            assert re.search(r"not (be )?confirmed|NOT confirmed|Not confirmed|not corroborated|NOT corroborated",
                             p.note), f"{p.key} of {preset} is unconfirmed but its note does not say so"
    # by path it is the same table, and still a preset
    assert load_parameters(preset_path(preset)).rows == params.rows
    # every preset can be sampled
    draws = params.sample(50, 3)
    assert set(draws) == {p.key for p in params}


@pytest.mark.parametrize("preset", preset_ids())
def test_conversions_written_in_notes_match_the_values(preset: str) -> None:
    """Where a note says 'X g C m-2 yr-1 = Y t C ...' or 'A t d.m./ha × f', Y equals X × 0.01 and the value follows."""
    for p in load_parameters(preset):
        m = re.search(r"([\d.]+)(?: ± ([\d.]+))? g (?:C )?m-2 (?:yr-1|a-1) = ([\d.]+)", p.note)
        if m:
            assert float(m.group(3)) == pytest.approx(float(m.group(1)) * 0.01, rel=1e-12)
            assert p.value == pytest.approx(float(m.group(3)), rel=1e-12)
            if m.group(2):
                assert p.sd == pytest.approx(float(m.group(2)) * 0.01, rel=1e-12)


def test_mcleod_2011_burial_rates() -> None:
    """Mcleod et al. 2011: 226 ± 39, 218 ± 24, 138 ± 38 g C m-2 yr-1 → t C/ha/yr, ± (SE) in sd, normal."""
    mc = load_parameters("mcleod_2011")
    assert mc.value("mangrove", "soil_accumulation") == 2.26
    assert mc.get("mangrove", "soil_accumulation").sd == 0.39
    assert mc.value("salt_marsh", "soil_accumulation") == 2.18
    assert mc.get("salt_marsh", "soil_accumulation").sd == 0.24
    assert mc.value("seagrass", "soil_accumulation") == 1.38
    assert mc.get("seagrass", "soil_accumulation").sd == 0.38
    assert {p.distribution for p in mc} == {"normal"}
    assert {p.parameter for p in mc} == {"soil_accumulation"}


def test_wang_2019_us_tidal_marsh() -> None:
    """Wang et al. 2019: 161.8 ± 6 g C m-2 yr-1 = 1.618 ± 0.06 t C/ha/yr, salt marsh only."""
    wang = load_parameters("wang_2019_us_tidal_marsh")
    p = wang.get("salt_marsh", "soil_accumulation")
    assert (p.value, p.sd, p.distribution, p.unit) == (1.618, 0.06, "normal", "t C/ha/yr")
    assert wang.ecosystems == ["salt_marsh"] and len(wang) == 1


def test_ipcc_2013_tier1_defaults() -> None:
    """IPCC Wetlands Supplement ch. 4: EF_RE 1.62 / 0.91 / 0.43, soil stocks 386 / 255 / 108, mangrove biomass."""
    ipcc = load_parameters("ipcc_2013_tier1")
    for eco, rate, low, high in (("mangrove", 1.62, 1.3, 2.0), ("salt_marsh", 0.91, 0.7, 1.1), ("seagrass", 0.43, 0.2, 0.7)):
        p = ipcc.get(eco, "soil_accumulation")
        # the 95 % ranges could not be confirmed: kept for information, not drawn (issue #12)
        assert (p.value, p.low, p.high, p.distribution) == (rate, low, high, "fixed")
        assert p.applies_to == "restored" and "remaining wetlands" in p.note
        assert "Luisetti et al. 2020" in p.note and "Legge" not in p.note
    assert ipcc.value("seagrass", "soil_accumulation") == 0.43
    assert [ipcc.value(e, "soil_stock") for e in ("mangrove", "salt_marsh", "seagrass")] == [386, 255, 108]
    cf = ipcc.value("mangrove", "carbon_fraction")
    assert cf == 0.451
    agb = ipcc.value("mangrove", "aboveground_biomass_stock")
    assert agb == pytest.approx(192 * cf)  # 192 t d.m./ha, tropical wet
    assert ipcc.value("mangrove", "belowground_biomass_stock") == pytest.approx(agb * 0.49, abs=0.005)
    assert ipcc.value("mangrove", "soil_drainage_emission") == ipcc.value("salt_marsh", "soil_drainage_emission") == 7.9
    assert not ipcc.has("mangrove", "biomass_accumulation"), "mature-stand default: no growing-stand rate"
    assert ipcc.soil_depth_m("mangrove") == 1.0
    assert not any(p.confirmed for p in ipcc), "no copy of the IPCC tables was reachable: nothing may claim confirmed"


def test_invest_cbc_defaults_follow_the_users_guide_table_1() -> None:
    """InVEST CBC Table 1: disturbance shares and half-lives for marsh, mangrove and seagrass."""
    iv = load_parameters("invest_cbc_defaults")
    expected = {
        "salt_marsh": {"biomass_half_life": 0.5, "soil_half_life": 7.5, "biomass_disturbance_low": 0.5,
                       "biomass_disturbance_med": 0.5, "biomass_disturbance_high": 1.0, "soil_disturbance_low": 0.3,
                       "soil_disturbance_med": 1.0, "soil_disturbance_high": 1.0},
        "mangrove": {"biomass_half_life": 15.0, "soil_half_life": 7.5, "biomass_disturbance_low": 0.5,
                     "biomass_disturbance_med": 0.5, "biomass_disturbance_high": 1.0, "soil_disturbance_low": 0.3,
                     "soil_disturbance_med": 0.5, "soil_disturbance_high": 0.66},
        "seagrass": {"biomass_half_life": round(100 / 365, 3), "soil_half_life": 1.0, "biomass_disturbance_low": 0.5,
                     "biomass_disturbance_med": 0.5, "biomass_disturbance_high": 1.0},
    }
    for eco, values in expected.items():
        assert {p: iv.value(eco, p) for p in iv.parameters_of(eco)} == values
    assert all(p.confirmed for p in iv)


def test_china_coastal_numbers() -> None:
    """China: mangrove soil 201.1 g m-2 a-1 (Hu et al. 2025), Bohai deltas ~140, H. beccarii 25 and 33.26 t C/ha to 0.5 m."""
    cn = load_parameters("china_coastal")
    assert cn.value("mangrove", "soil_accumulation") == 2.011
    marsh = cn.get("salt_marsh", "soil_accumulation")
    # the national between-site range (Zhou et al. 2022) is not the range of the regional value (Ye et al.)
    assert (marsh.value, marsh.low, marsh.high, marsh.distribution) == (1.4, None, None, "fixed")
    assert "Ye et al." in marsh.source and "Zhou" not in marsh.source and "Zhou et al. 2022" in marsh.note
    assert marsh.applies_to == "remaining"
    assert cn.value("seagrass", "soil_accumulation") == 0.25
    assert cn.value("seagrass", "soil_stock") == 33.26
    assert cn.soil_depth_m("seagrass") == 0.5
    assert cn.soil_depth_m("mangrove") == 1.0


# -- malformed tables ---------------------------------------------------------------------------


def test_line_numbers_count_comment_and_blank_lines() -> None:
    """The error names the line as an editor counts it: comments and blank lines included."""
    text = "# title: x\n# source: y\n\n# note: z\n" + HEADER + "\n" + row() + "\n" + row(par="soil_stok") + "\n"
    message = error_of(text)
    assert message.startswith("Line 7 of parameter table 't.csv', column 'parameter'"), message


@pytest.mark.parametrize(
    "bad_row, column, words",
    [
        (row(par="soil_stok"), "parameter", "not a known parameter"),
        (row(eco="kelp"), "ecosystem", "not an ecosystem"),
        (row(value="\"1,5\""), "value", "not a number"),
        (row(value="abc"), "value", "not a number"),
        (row(value=""), "value", "is empty"),
        (row(value="nan"), "value", "not a finite number"),
        (row(low="x", high="2"), "low", "not a number"),
        (row(unit="g C m-2 yr-1"), "unit", "it is t C/ha/yr"),
        (row(par="soil_stock", unit="t C/ha/yr", value="100"), "unit", "it is t C/ha"),
        (row(value="-0.5"), "value", "rates cannot be negative"),
        (row(par="soil_stock", unit="t C/ha", value="-1"), "value", "stocks cannot be negative"),
        (row(par="soil_disturbance_high", unit="fraction", value="1.2"), "value", "fractions lie between 0 and 1"),
        (row(par="soil_half_life", unit="yr", value="-1"), "value", "half-lives cannot be negative"),
        (row(value="1.5", low="-1", high="2", dist="uniform"), "low", "rates cannot be negative"),
        (row(value="1.5", low="2", high="1"), "low", "greater than high"),
        (row(value="3", low="1", high="2", dist="triangular"), "value", "above high"),
        (row(value="0.5", low="1", high="2", dist="triangular"), "value", "below low"),
        (row(dist="normal"), "sd", "needs a standard deviation"),
        (row(dist="normal", sd="-0.1"), "sd", "cannot be negative"),
        (row(dist="lognormal"), "sd", "sd of ln"),
        (row(value="0", dist="lognormal", sd="0.2"), "value", "greater than 0"),
        (row(dist="uniform", low="1"), "high", "needs low and high"),
        (row(dist="triangular", high="2"), "low", "needs low and high"),
        (row(dist="gamma", sd="0.1"), "distribution", "not a known distribution"),
        (row(confirmed="maybe"), "confirmed", "neither yes nor no"),
    ],
)
def test_malformed_rows_name_line_and_column(bad_row: str, column: str, words: str) -> None:
    """Each malformed row gives an InputError naming its file line (5: two comments, header, a good row) and column."""
    text = table(row(eco="seagrass"), bad_row, comments=("# title: test", "# source: me"))
    message = error_of(text)
    assert message.startswith(f"Line 5 of parameter table 't.csv', column '{column}'"), message
    assert words in message, message
    assert "Fix:" in message


def test_unit_error_tells_the_expected_unit_and_the_conversion() -> None:
    """A g C m-2 yr-1 rate is refused with the canonical unit and the factor to convert."""
    message = error_of(table(row(value="161.8", unit="g C m-2 yr-1")))
    assert "it is t C/ha/yr" in message and "0.01 t C/ha/yr" in message


def test_duplicate_rows_name_both_lines() -> None:
    """A second row for the same ecosystem and parameter names its line and the first one."""
    message = error_of(table(row(), row(eco="seagrass"), row(value="2")))
    assert message.startswith("Line 5 of parameter table 't.csv', column 'parameter'"), message
    assert "given twice" in message and "line 3" in message


@pytest.mark.parametrize(
    "text, words",
    [
        ("", "has no rows"),
        ("# title: only comments\n", "has no rows"),
        (HEADER + "\n", "header but no rows"),
        ("ecosystem,parameter,value\nmangrove,soil_stock,1\n", "lacks the column(s) unit"),
        (HEADER.replace("high", "hihg") + "\n" + row() + "\n", "'hihg' is not a column"),
        (HEADER + ",value\n" + row() + "\n", "appears twice"),
        (HEADER + "\n" + row(note="a") + ",," + ",b\n", f"{len(COLUMNS) + 1} cells but the header has {len(COLUMNS)}"),
        (HEADER + '\n"mangrove,soil_accumulation\n', "not valid CSV"),
    ],
)
def test_malformed_tables(text: str, words: str) -> None:
    """Tables without rows, with a bad header or with unquoted commas are refused with a clear message."""
    assert words in error_of(text)


def test_header_errors_name_the_header_line() -> None:
    """An unknown header column is reported on the header's line with its position."""
    message = error_of("# title: x\n\n" + HEADER.replace("sd", "stdev") + "\n" + row() + "\n")
    assert message.startswith("Line 3 of parameter table 't.csv', column 7: 'stdev'"), message


def test_missing_preset_and_missing_file() -> None:
    """An unknown preset id or a missing path is an InputError that lists the presets."""
    with pytest.raises(InputError, match="no parameter preset called 'ipcc'"):
        load_parameters("ipcc")
    with pytest.raises(InputError, match="does not exist"):
        load_parameters("/nonexistent/folder/table.csv")


# -- user tables: accepted spellings, round trip, merge, override ---------------------------------


USER_TABLE = """\
# title: Liaohe delta field values
# source: our 2023 cores, "Report 7", table 2
# licence: CC BY 4.0
# version: 2
ecosystem,parameter,value,unit,low,high,sd,distribution,source,confirmed,note
salt_marsh,soil_stock,152.5,Mg C/ha,120,190.25,,triangular,"field cores, n=12",yes,"0-1 m; min–max of 12 cores, ""reed"" marsh"
salt_marsh,soil_accumulation,1.35,t C ha-1 yr-1,,,0.2,,210Pb cores,yes,135 g C m-2 yr-1 = 1.35 t C ha-1 yr-1
salt_marsh,soil_depth,1,m,,,,,,,
salt_marsh,soil_half_life,7.5,years,,,,fixed,InVEST,no,assumed
mangrove,soil_accumulation,2.0,t C/ha/yr,1.0,3.0,,uniform,lit,no,plausible range
seagrass,soil_accumulation,0.5,t C/ha/yr,,,0.3,lognormal,lit,no,median and sd of ln
"""


def test_user_table_accepts_unit_aliases_and_infers_distributions(tmp_path: Path) -> None:
    """Mg C/ha and 't C ha-1 yr-1' are canonical spellings; a row with an sd and no distribution is normal."""
    path = tmp_path / "mine.csv"
    path.write_text(USER_TABLE, encoding="utf-8")
    mine = load_parameters(path)
    stock = mine.get("salt_marsh", "soil_stock")
    assert (stock.unit, stock.low, stock.high) == ("t C/ha", 120, 190.25)
    assert stock.note == '0-1 m; min–max of 12 cores, "reed" marsh'
    assert mine.get("salt_marsh", "soil_accumulation").distribution == "normal"
    assert mine.get("salt_marsh", "soil_half_life").unit == "yr"
    assert mine.get("salt_marsh", "soil_depth").distribution == "fixed"
    assert all(p.user_defined for p in mine), "rows of a user's file are user-defined"
    assert mine.meta["source"] == 'our 2023 cores, "Report 7", table 2'
    assert mine.name == "mine" and mine.ecosystems == ["salt_marsh", "mangrove", "seagrass"]


def test_user_table_round_trips(tmp_path: Path) -> None:
    """load → to_csv → load gives the same rows and metadata; a second write gives the same text."""
    path = tmp_path / "mine.csv"
    path.write_text(USER_TABLE, encoding="utf-8")
    first = load_parameters(path)
    out = tmp_path / "copy.csv"
    first.to_csv(out)
    second = load_parameters(out)
    assert second.rows == first.rows
    assert second.meta == first.meta
    assert second == first
    again = tmp_path / "again.csv"
    second.to_csv(again)
    assert again.read_text(encoding="utf-8") == out.read_text(encoding="utf-8")
    assert out.read_text(encoding="utf-8").splitlines()[4] == HEADER


def test_presets_round_trip_through_to_csv(tmp_path: Path) -> None:
    """Every preset written out and read back has the same values (rows become the user's)."""
    for preset in preset_ids():
        original = load_parameters(preset)
        out = tmp_path / f"{preset}_copy.csv"
        original.to_csv(out)
        copy = load_parameters(out)
        assert [(p.key, p.value, p.low, p.high, p.sd, p.distribution, p.source, p.confirmed, p.note) for p in copy] == [
            (p.key, p.value, p.low, p.high, p.sd, p.distribution, p.source, p.confirmed, p.note) for p in original
        ]
        assert copy.meta == original.meta


def test_to_csv_in_an_output_batch(tmp_path: Path) -> None:
    """With an OutputBatch the file appears only when the batch commits."""
    out = tmp_path / "params.csv"
    with OutputBatch() as batch:
        load_parameters("mcleod_2011").to_csv(out, batch=batch)
        assert not out.exists()
    assert load_parameters(out).value("mangrove", "soil_accumulation") == 2.26


def test_merge_keeps_rows_of_different_semantics_side_by_side() -> None:
    """IPCC + Mcleod: IPCC's EF_RE (restored) and Mcleod's burial rate (remaining) both stay; stocks stay IPCC's."""
    ipcc, mcleod = load_parameters("ipcc_2013_tier1"), load_parameters("mcleod_2011")
    merged = ipcc.merge(mcleod)
    assert merged.value("mangrove", "soil_accumulation", applies_to="remaining") == 2.26
    assert merged.value("mangrove", "soil_accumulation", applies_to="restored") == 1.62
    assert merged.find("soil_accumulation", ecosystem="mangrove", status="intact").value == 2.26
    assert merged.find("soil_accumulation", ecosystem="mangrove", status="restored").value == 1.62
    assert merged.value("mangrove", "soil_stock") == 386
    assert merged.value("seagrass", "soil_accumulation", applies_to="remaining") == 1.38
    with pytest.raises(InputError, match="restored, remaining"):
        merged.get("mangrove", "soil_accumulation")
    assert merged.title == f"{ipcc.title} + {mcleod.title}"
    assert ipcc.value("mangrove", "soil_accumulation") == 1.62, "merge returns a new table"
    # a row of the same semantics is replaced by the table merged in
    mine = parse_parameters("ecosystem,parameter,value,unit,applies_to\nmangrove,soil_accumulation,3,t C/ha/yr,restored\n")
    assert ipcc.merge(mine).value("mangrove", "soil_accumulation") == 3
    full = mcleod.merge(load_parameters("invest_cbc_defaults")).merge(ipcc)
    assert full.value("mangrove", "soil_disturbance_high") == 0.66
    assert len(full) == len({p.key for p in full})


def test_override_marks_the_row_user_defined_and_keeps_the_original_source() -> None:
    """override() returns a new table; the row is the user's, fixed unless given a range, noting what it replaced."""
    ipcc = load_parameters("ipcc_2013_tier1")
    mine = ipcc.override("mangrove", "soil_accumulation", 2.5, note="local cores")
    row_ = mine.get("mangrove", "soil_accumulation")
    assert row_.value == 2.5 and row_.user_defined and not row_.confirmed
    assert row_.distribution == "fixed" and row_.low is None and row_.high is None
    assert row_.source == "user"
    assert "local cores" in row_.note and "1.62 t C/ha/yr" in row_.note
    assert ipcc.get("mangrove", "soil_accumulation").source in row_.note
    assert ipcc.value("mangrove", "soil_accumulation") == 1.62 and not ipcc.get("mangrove", "soil_accumulation").user_defined
    assert [p.key for p in mine] == [p.key for p in ipcc]
    assert sum(p.user_defined for p in mine) == 1
    with_sd = ipcc.override("salt_marsh", "soil_accumulation", 1.2, sd=0.1, source="Liaohe cores")
    assert with_sd.get("salt_marsh", "soil_accumulation").distribution == "normal"
    assert with_sd.get("salt_marsh", "soil_accumulation").source == "Liaohe cores"
    added = ipcc.override("salt_marsh", "litter_stock", 3.0)
    assert added.get("salt_marsh", "litter_stock").unit == "t C/ha" and len(added) == len(ipcc) + 1


def test_override_is_validated() -> None:
    """A negative rate, a missing sd or an unknown field given to override() is an InputError naming the row."""
    ipcc = load_parameters("ipcc_2013_tier1")
    with pytest.raises(InputError, match="Override of soil_accumulation for mangrove, column 'value'.*rates cannot be negative"):
        ipcc.override("mangrove", "soil_accumulation", -1)
    with pytest.raises(InputError, match="column 'sd'"):
        ipcc.override("mangrove", "soil_accumulation", 1.0, distribution="normal")
    with pytest.raises(InputError, match="unknown field"):
        ipcc.override("mangrove", "soil_accumulation", 1.0, stdev=0.1)
    with pytest.raises(InputError, match="not the unit"):
        ipcc.override("mangrove", "soil_accumulation", 161.8, unit="g C m-2 yr-1")


def test_get_value_has_and_defaults() -> None:
    """get() of a missing row is an InputError naming what the table has; value() may fall back to a default."""
    wang = load_parameters("wang_2019_us_tidal_marsh")
    assert wang.has("salt_marsh", "soil_accumulation") and not wang.has("mangrove", "soil_accumulation")
    assert ("salt_marsh", "soil_accumulation") in wang
    with pytest.raises(InputError, match="has no soil_stock for salt_marsh"):
        wang.get("salt_marsh", "soil_stock")
    assert wang.value("salt_marsh", "soil_stock", default=0.0) == 0.0
    assert wang.value("salt_marsh", "soil_accumulation", default=0.0) == 1.618
    assert wang.parameters_of("salt_marsh") == ["soil_accumulation"]


def test_rows_built_in_code_are_validated() -> None:
    """A ParameterTable built from Parameter objects checks them like a file."""
    good = Parameter("mangrove", "soil_stock", 300.0, "t C/ha")
    assert ParameterTable([good]).value("mangrove", "soil_stock") == 300.0
    with pytest.raises(InputError, match="column 'unit'"):
        ParameterTable([Parameter("mangrove", "soil_stock", 300.0, "kg C/m2")])
    with pytest.raises(InputError, match="given twice"):
        ParameterTable([good, good])


# -- sampling -----------------------------------------------------------------------------------


def sample_table() -> ParameterTable:
    """One row of each distribution."""
    return parse_parameters(table(
        row(eco="mangrove", value="2.26", sd="0.39", dist="normal"),
        row(eco="salt_marsh", value="0.91", low="0.7", high="1.1", dist="triangular"),
        row(eco="seagrass", value="0.43", low="0.2", high="0.7", dist="uniform"),
        row(eco="tidal_flat", value="0.5", sd="0.4", dist="lognormal"),
        row(eco="other_wetland", value="0.3", dist="fixed"),
        row(eco="mangrove", par="soil_disturbance_high", unit="fraction", value="0.9", sd="0.5", dist="normal"),
        row(eco="salt_marsh", par="litter_accumulation", value="0.05", sd="0.5", dist="normal"),
    ))


def test_sampling_is_seeded() -> None:
    """The same seed (or an equally seeded Generator) gives the same draws; another seed other draws."""
    params = sample_table()
    a, b = params.sample(1000, 42), params.sample(1000, np.random.default_rng(42))
    assert a.keys() == b.keys() == {p.key for p in params}
    for key in a:
        np.testing.assert_array_equal(a[key], b[key])
        assert a[key].shape == (1000,) and a[key].dtype == float
    c = params.sample(1000, 43)
    assert not np.array_equal(a[("mangrove", "soil_accumulation")], c[("mangrove", "soil_accumulation")])


def test_normal_draws_have_the_row_mean_and_sd() -> None:
    """Normal draws: mean and sd within sampling error (far from the clipping bound)."""
    n = 200_000
    draws = sample_table().sample(n, 7)[("mangrove", "soil_accumulation")]
    assert abs(draws.mean() - 2.26) < 4 * 0.39 / math.sqrt(n)
    assert abs(draws.std(ddof=1) - 0.39) < 4 * 0.39 / math.sqrt(2 * (n - 1))


def test_uniform_triangular_stay_in_range_and_lognormal_has_its_median() -> None:
    """Uniform and triangular draws stay within [low, high] with the right means; lognormal median = value."""
    n = 100_000
    draws = sample_table().sample(n, 11)
    tri = draws[("salt_marsh", "soil_accumulation")]
    assert tri.min() >= 0.7 and tri.max() <= 1.1
    assert tri.mean() == pytest.approx((0.7 + 0.91 + 1.1) / 3, abs=0.005)
    uni = draws[("seagrass", "soil_accumulation")]
    assert uni.min() >= 0.2 and uni.max() <= 0.7
    assert uni.mean() == pytest.approx(0.45, abs=0.005)
    logn = draws[("tidal_flat", "soil_accumulation")]
    assert logn.min() > 0 and np.median(logn) == pytest.approx(0.5, rel=0.02)
    assert np.log(logn).std() == pytest.approx(0.4, rel=0.02)


def test_fixed_gives_constants_and_draws_are_clipped_to_the_allowed_range() -> None:
    """Fixed rows repeat their value; normal draws of a fraction stay in [0, 1] and of a rate ≥ 0."""
    draws = sample_table().sample(10_000, 5)
    np.testing.assert_array_equal(draws[("other_wetland", "soil_accumulation")], np.full(10_000, 0.3))
    fraction = draws[("mangrove", "soil_disturbance_high")]
    assert fraction.min() >= 0.0 and fraction.max() == 1.0
    rate = draws[("salt_marsh", "litter_accumulation")]
    assert rate.min() == 0.0 and (rate == 0.0).mean() > 0.3


def test_sample_subset_and_zero_draws() -> None:
    """keys= limits the rows drawn; n = 0 gives empty arrays; a negative n is refused."""
    params = sample_table()
    subset = params.sample(10, 1, keys=[("seagrass", "soil_accumulation")])
    assert list(subset) == [("seagrass", "soil_accumulation")]
    assert all(v.shape == (0,) for v in params.sample(0, 1).values())
    with pytest.raises(InputError):
        params.sample(-1, 1)


def test_the_example_in_the_docs_is_a_valid_table() -> None:
    """The CSV example of docs/parameters.md parses, with the values it shows."""
    docs = (PLUGIN_ROOT / "docs" / "parameters.md").read_text(encoding="utf-8")
    example = re.search(r"```csv\n(.*?)```", docs, re.S).group(1)
    params = parse_parameters(example, "docs example")
    assert params.meta["title"] == "Liaohe delta field values"
    assert params.value("salt_marsh", "soil_accumulation") == 1.35
    assert params.get("salt_marsh", "soil_stock").source == "field cores, n=12"
    assert params.soil_depth_m("salt_marsh") == 1.0
