"""Valuation (core.valuation): NPV of net sequestration against closed forms, price tables, bad inputs."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from bluecarbon.core.errors import InputError
from bluecarbon.core.parameters import CO2_PER_C
from bluecarbon.core.valuation import (
    Valuation,
    annuity_npv,
    net_present_value,
    parse_price_table,
    read_price_table,
)


@pytest.mark.parametrize("price, n, years, d", [(50.0, 120.0, 30, 0.03), (8.5, 3.2, 1, 0.07), (100.0, -40.0, 15, 0.10)])
def test_constant_price_and_sequestration_is_the_annuity(price: float, n: float, years: int, d: float) -> None:
    """V = p · N · (1 − (1 + d)^−T) / d."""
    value = net_present_value(np.full(years, n), 2020, Valuation(price=price, discount_rate=d))
    assert value == pytest.approx(price * n * (1 - (1 + d) ** -years) / d, rel=1e-12)
    assert annuity_npv(price, n, years, d) == pytest.approx(value, rel=1e-12)


@pytest.mark.parametrize("g, d", [(0.02, 0.05), (0.05, 0.02), (0.04, 0.04)])
def test_growing_price_is_the_geometric_series(g: float, d: float) -> None:
    """p_t = p (1 + g)^t: V = p N Σ_{t=1..T} q^t with q = (1 + g)/(1 + d) (= p N T when g = d)."""
    price, n, years = 30.0, 10.0, 40
    value = net_present_value(np.full(years, n), 2000, Valuation(price, price_growth=g, discount_rate=d))
    q = (1 + g) / (1 + d)
    closed = price * n * years if g == d else price * n * q * (1 - q**years) / (1 - q)
    assert value == pytest.approx(closed, rel=1e-12)
    assert annuity_npv(price, n, years, d, g) == pytest.approx(closed, rel=1e-12)


def test_no_discounting_sums_the_values() -> None:
    net = np.array([1.0, 2.0, -3.0, 4.0])
    value = net_present_value(net, 2020, Valuation(price=10.0))
    assert value == pytest.approx(10.0 * net.sum())


def test_year_indexing_of_the_price_and_discount() -> None:
    """The net sequestration of calendar year b + i is priced at year b + i + 1 and discounted i + 1 years."""
    table = {2021: 10.0, 2022: 20.0, 2023: 40.0}
    valuation = Valuation(price_table=table, discount_rate=0.1)
    net = np.array([1.0, 1.0, 1.0])  # during 2020, 2021, 2022
    assert net_present_value(net, 2020, valuation) == pytest.approx(10 / 1.1 + 20 / 1.1**2 + 40 / 1.1**3)
    assert valuation.year_weights(2020, 3) == pytest.approx([10 / 1.1, 20 / 1.21, 40 / 1.331])
    growing = Valuation(price=10.0, price_growth=0.5)
    assert growing.prices(2020, [2020, 2021, 2022]) == pytest.approx([10.0, 15.0, 22.5])


def test_npv_broadcasts_over_histories_and_draws() -> None:
    net = np.arange(24, dtype=float).reshape(2, 3, 4)
    valuation = Valuation(price=5.0, discount_rate=0.03)
    expected = np.array([[net_present_value(net[i, j], 2010, valuation) for j in range(3)] for i in range(2)])
    assert net_present_value(net, 2010, valuation) == pytest.approx(expected)


def test_invest_code_npv_overstates_by_about_the_period_length() -> None:
    """Pinned departure: InVEST 3.20.2's code values a period's total with the sum of the discounted prices
    of every year since the baseline (prices of years b..target−1, exponents 0..T−1); the guide values each
    year's net sequestration. For a constant sink the ratio is T · (1 + d). d > 0: at d = 0 the one-year shift of
    the exponents (0..T−1 against the guide's 1..T) leaves no trace and the (1 + d) factor goes untested."""
    price, n, years, d = 20.0, 7.0, 36, 0.05
    guide = net_present_value(np.full(years, n), 2000, Valuation(price=price, discount_rate=d))
    assert float(guide) == pytest.approx(sum(n * price / (1 + d) ** t for t in range(1, years + 1)), rel=1e-12)
    invest_factor = sum(price / (1 + d) ** i for i in range(years))
    invest_code = n * years * invest_factor
    assert invest_code / guide == pytest.approx(years * (1 + d), rel=1e-12)
    assert invest_code / guide != pytest.approx(years, rel=1e-3), "the departure is more than the period length"


def test_co2_factor() -> None:
    assert CO2_PER_C == pytest.approx(3.6666666666666665)


# -- price tables and bad inputs ------------------------------------------------------------------------


def test_price_table_reads_years_and_prices(tmp_path: Path) -> None:
    path = tmp_path / "prices.csv"
    path.write_text("# social cost of carbon\nyear,price\n2021,51.5\n2022,52\n\n2023,53.25\n")
    assert read_price_table(path) == {2021: 51.5, 2022: 52.0, 2023: 53.25}


def test_price_table_must_cover_every_year() -> None:
    valuation = Valuation(price_table={2021: 1.0, 2022: 1.0, 2025: 1.0})
    with pytest.raises(InputError, match=r"no price for the years 2023–2024.*Fix:.*2021 to 2025"):
        net_present_value(np.ones(5), 2020, valuation)


@pytest.mark.parametrize("text, words", [
    ("year,value\n2021,1\n", "header must have the columns year and price"),
    ("year,price\nlast,1\n", "Line 2 .*column 'year': 'last' is not a year"),
    ("year,price\n2021,$5\n", "Line 2 .*column 'price': '\\$5' is not a number"),
    ("year,price\n2021,-5\n", "Line 2 .*column 'price': -5 is not a price ≥ 0"),
    ("year,price\n2021,5\n2021,6\n", "Line 3 .*2021 is given twice"),
    ("year,price\n", "has a header but no rows"),
])
def test_bad_price_tables(text: str, words: str) -> None:
    with pytest.raises(InputError, match=words) as err:
        parse_price_table(text, "prices.csv")
    assert " Fix: " in str(err.value)


@pytest.mark.parametrize("kwargs, words", [
    ({"price": -1.0}, "price must be a number ≥ 0"),
    ({"price_growth": -1.0}, "price growth must be above −100 %"),
    ({"discount_rate": -1.5}, "discount rate must be above −100 %"),
    ({"price_table": {2020: -3.0}}, "prices must be numbers ≥ 0"),
])
def test_bad_valuation_settings(kwargs: dict, words: str) -> None:
    with pytest.raises(InputError, match=f"{words}.*Fix:"):
        Valuation(**kwargs)
