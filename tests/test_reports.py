"""One deal, many reports: a journalist's session with several sources, and answers that stay true.

Every source here is made up for the test and labelled as such ("Fixture … (test fixture)"); the facts
go to a copy of the data folder, never to the project's data/.
"""
from __future__ import annotations

from decimal import Decimal

import pytest
from click.testing import CliRunner

import loader
from cli.main import cli
from cypher import run
from tests import csvedit
from tests.conftest import files_and_neo4j_agree

WIRE = {name: ["--source-publisher", f"Fixture {name} (test fixture)", "--source-date", date,
               "--source-title", f"A report of {name}, invented for circular's tests"]
        for name, date in (("A", "2025-11-01"), ("B", "2025-11-02"), ("C", "2025-11-03"))}
EURO = Decimal(4_400_000_000_000) / Decimal(3_788_000_000_000)  # Le Monde's $4,400bn = €3,788bn


def add(folder, *args):
    result = CliRunner().invoke(cli, ["add", "deal", "--data-dir", str(folder), "--no-interactive", *args])
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="module")
def session(tmp_path_factory, connection):
    """The article's base, then a newsroom's additions from three fixture sources."""
    folder = csvedit.copy_data(tmp_path_factory.mktemp("reports") / "data")
    with connection.session() as db:
        db.run("MATCH (n) DETACH DELETE n").consume()
    loader.load(connection, folder)
    # one contract, reported by three sources with other amounts and qualifiers; B is preferred
    for wire, money, extra in (("A", ["--amount", "17.4bn", "--qualifier", "exact", "--amount-max", "19.4bn"], []),
                               ("B", ["--amount", "19.4bn", "--qualifier", "exact"], ["--preferred"]),
                               ("C", ["--amount", "17bn", "--qualifier", "about"], [])):
        add(folder, "--type", "cloud_contract", "--status", "in_progress", "--buyer", "Microsoft",
            "--seller", "CoreWeave", *money, "--currency", "USD", *extra, "--on-duplicate", "merge",
            "--summary", "Microsoft rents CoreWeave's servers (fixture).",
            "--excerpt", f"Microsoft's contract with CoreWeave, as wire {wire} tells it", *WIRE[wire])
    # one stake, three percentages
    for wire, stake in (("A", ["--stake-percent", "6.6", "--date", "2026-01-26"]),
                        ("B", ["--stake-percent", "6", "--stake-qualifier", "about"])):
        add(folder, "--status", "completed", *stake, "--same-as", "nvidia-coreweave-stake",
            "--excerpt", f"Nvidia's stake in CoreWeave, as wire {wire} tells it", *WIRE[wire])
    # a contract inside a larger one
    add(folder, "--type", "cloud_contract", "--status", "signed", "--buyer", "OpenAI", "--seller", "CoreWeave",
        "--amount", "11.9bn", "--currency", "USD", "--qualifier", "exact", "--date", "2025-03",
        "--part-of", "openai-coreweave-cloud", "--on-duplicate", "keep",
        "--summary", "OpenAI's first $11.9bn contract with CoreWeave (fixture).",
        "--excerpt", "the first contract, worth $11.9bn, part of the $22bn", *WIRE["A"])
    # an investment and its later expansion
    add(folder, "--id", "nvidia-xai-fixture-2025-12", "--type", "investment", "--status", "announced",
        "--funder", "Nvidia", "--recipient", "xAI", "--amount", "10bn", "--currency", "USD", "--qualifier", "exact",
        "--date", "2025-12", "--on-duplicate", "keep", "--summary", "Nvidia puts $10bn into xAI (fixture).",
        "--excerpt", "Nvidia will put $10bn into xAI", *WIRE["A"])
    add(folder, "--id", "nvidia-xai-fixture-2026-02", "--type", "investment", "--status", "announced",
        "--funder", "Nvidia", "--recipient", "xAI", "--amount", "20bn", "--currency", "USD", "--qualifier", "exact",
        "--date", "2026-02", "--expands", "nvidia-xai-fixture-2025-12", "--on-duplicate", "keep",
        "--summary", "Nvidia raises its xAI investment to $20bn (fixture).",
        "--excerpt", "Nvidia raises its investment in xAI to $20bn", *WIRE["B"])
    # a loan, a stake with no money, an amount in euros
    add(folder, "--type", "loan", "--status", "signed", "--funder", "SoftBank", "--recipient", "OpenAI",
        "--amount", "5bn", "--currency", "USD", "--qualifier", "exact", "--date", "2025-11",
        "--summary", "SoftBank lends OpenAI $5bn (fixture).", "--excerpt", "SoftBank lends $5bn to OpenAI", *WIRE["C"])
    add(folder, "--type", "equity_stake", "--status", "completed", "--funder", "Oracle", "--recipient", "xAI",
        "--stake-percent", "3", "--summary", "Oracle holds 3% of xAI (fixture).",
        "--excerpt", "Oracle owns 3% of xAI", *WIRE["C"])
    add(folder, "--id", "softbank-xai-fixture-eur", "--type", "investment", "--status", "announced",
        "--funder", "SoftBank", "--recipient", "xAI", "--amount", "1.3bn", "--currency", "EUR",
        "--qualifier", "exact", "--date", "2025-11", "--summary", "SoftBank puts €1.3bn into xAI (fixture).",
        "--excerpt", "SoftBank puts 1.3 billion euros into xAI", *WIRE["C"])
    return folder, connection


def rows(connection, name, **params):
    return run(connection, name, params).rows


def test_every_report_keeps_its_own_values(session):
    folder, _ = session
    reports = [r for r in csvedit.read(folder / "reports.csv") if r["deal_id"] == "microsoft-coreweave-cloud"]
    said = {(r["amount"], r["amount_qualifier"], r["amount_max"], r["preferred"]) for r in reports}
    assert said == {("", "", "", ""), ("17400000000", "exact", "19400000000", ""), ("19400000000", "exact", "", "yes"),
                    ("17000000000", "about", "", "")}
    stakes = {r["stake_percent"] + r["stake_qualifier"] for r in csvedit.read(folder / "reports.csv")
              if r["deal_id"] == "nvidia-coreweave-stake"}
    assert stakes == {"7exact", "6.6exact", "6about"}
    assert not [d for d in csvedit.read(folder / "deals.csv") if "holds shares of CoreWeave" in d["summary"]]


def test_conflicts_list_every_disagreement_with_its_sources(session):
    _, connection = session
    found = {(r["id"], r["field"], r["publisher"]) for r in rows(connection, "conflicts")}
    assert {p for deal, field, p in found if (deal, field) == ("microsoft-coreweave-cloud", "amount")} == \
        {"Fixture A (test fixture)", "Fixture B (test fixture)", "Fixture C (test fixture)"}
    assert {p for deal, field, p in found if (deal, field) == ("nvidia-coreweave-stake", "stake")} == \
        {"Le Monde", "Fixture A (test fixture)", "Fixture B (test fixture)"}
    stakes = {r["value"] for r in rows(connection, "conflicts") if r["field"] == "stake"}
    assert stakes == {"7 %", "6.6 %", "about 6 %"}


def test_the_preferred_report_is_shown_and_the_answer_says_sources_differ(session):
    _, connection = session
    [flow] = [f for f in rows(connection, "money-flows", company="microsoft") if f["id"] == "microsoft-coreweave-cloud"]
    assert flow["amount"]["amount"] == 19_400_000_000 and flow["amount"]["amount_qualifier"] == "exact"
    [deal] = [r for r in rows(connection, "timeline", company="microsoft") if r["id"] == "microsoft-coreweave-cloud"]
    assert deal["source"] != "lemonde-2025-10-circulaire"


def test_exposure_counts_each_real_deal_once(session):
    _, connection = session
    [coreweave] = rows(connection, "exposure", company="coreweave")
    exact = {p["amount_qualifier"]: p["amount"] for p in coreweave["known_income"]["total"]}
    assert exact == {"exact": 22e9 + 6.3e9 + 19.4e9}  # not the $11.9bn inside the $22bn, one Microsoft contract
    [openai] = rows(connection, "exposure", company="openai")
    assert "softbank" not in " ".join(openai["how"]).lower()  # a loan is debt, not income
    assert openai["known_income"]["total"] == [
        {"amount": 100e9, "currency": "USD", "amount_qualifier": "about"},
        {"amount": 40e9, "currency": "USD", "amount_qualifier": "up_to"}]


def test_the_euro_amount_is_in_the_dollar_totals_with_its_rate(session):
    _, connection = session
    [xai] = rows(connection, "exposure", company="xai")
    total = sum(p["amount"] for p in xai["known_income"]["total"])
    assert total == pytest.approx(2e9 + 20e9 + float(Decimal("1.3e9") * EURO))  # the $10bn was expanded to $20bn
    assert xai["converted"] == ["softbank-xai-fixture-eur: converted at 1 EUR = 1.1616 USD "
                                "(lemonde-2025-10-circulaire, 2025-10)"]
    funded = {r["id"] for r in rows(connection, "who-funds-whom", min_amount="1.5bn")}
    assert "softbank-xai-fixture-eur" in funded and "nvidia-xai-fixture-2025-12" not in funded


def test_hubs_and_who_funds_whom_count_each_deal_once(session):
    _, connection = session
    ids = [r["id"] for r in rows(connection, "who-funds-whom", company="xai")]
    assert len(ids) == len(set(ids))
    assert "nvidia-xai-fixture-2026-02" in ids and "nvidia-xai-fixture-2025-12" not in ids
    [hub] = [h for h in rows(connection, "hubs", limit="50") if h["id"] == "coreweave"]
    counted = connection.read("MATCH (:Entity {id: 'coreweave'})-[:PARTY_TO]->(d:Deal) "
                              "RETURN d.id AS id, d.counted AS counted, d.excluded AS excluded")
    assert hub["deals"] == len([d for d in counted if d["counted"]]) == len(counted) - 1
    [part] = [d for d in counted if not d["counted"]]
    assert part["excluded"] == "part of openai-coreweave-cloud, counted with it"


def test_a_stake_without_money_is_ownership_and_a_loan_is_a_loan(session):
    _, connection = session
    flows = rows(connection, "money-flows")
    assert not [f for f in flows if f["payer"] == "Oracle" and f["payee"] == "xAI"]
    assert {r["stake"] for r in rows(connection, "ownership", company="xai") if r["holder"] == "Oracle"} == {"3 %"}
    [loan] = [f for f in flows if f["payer"] == "SoftBank" and f["payee"] == "OpenAI"]
    assert loan["kind"] == "loan"


def test_merging_with_several_candidates_asks_which(session):
    folder, _ = session
    before = (folder / "reports.csv").read_text()
    result = CliRunner().invoke(cli, [
        "add", "deal", "--data-dir", str(folder), "--no-interactive", "--type", "investment", "--status", "announced",
        "--funder", "Nvidia", "--recipient", "xAI", "--amount", "12bn", "--currency", "USD", "--qualifier", "about",
        "--on-duplicate", "merge", "--summary", "Nvidia and xAI (fixture).", "--excerpt", "about $12bn for xAI",
        *WIRE["C"]])
    assert result.exit_code == 1
    assert "Several deals match" in result.output and "--same-as" in result.output
    assert (folder / "reports.csv").read_text() == before


def test_the_session_round_trips_through_export(session, tmp_path):
    folder, connection = session
    assert files_and_neo4j_agree(connection, folder, tmp_path)
    assert loader.check(folder) == []


def test_two_rows_found_to_be_one_deal_count_once_and_pool_their_reports(session, tmp_path):
    folder, connection = session
    add(folder, "--id", "oracle-nvidia-fixture-dup", "--type", "chip_purchase", "--status", "signed",
        "--buyer", "Oracle", "--seller", "Nvidia", "--amount", "40bn", "--currency", "USD", "--qualifier", "about",
        "--quantity", "400000", "--quantity-unit", "chips", "--capacity", "1.2 GW", "--on-duplicate", "keep",
        "--summary", "Oracle buys about $40bn of Nvidia chips (fixture).",
        "--excerpt", "Oracle will buy about $40bn of Nvidia chips", *WIRE["A"])
    result = CliRunner().invoke(cli, ["link", "oracle-nvidia-fixture-dup", "same_as", "oracle-nvidia-chips",
                                      "--data-dir", str(folder), "--no-interactive", *WIRE["B"],
                                      "--excerpt", "the $40bn chip order is the one reported in October"])
    assert result.exit_code == 0, result.output
    [deal] = [r for r in rows(connection, "timeline", company="oracle") if r["id"] == "oracle-nvidia-chips"]
    assert deal["amount"]["amount"] == 40e9 and deal["terms"] == "1.2 GW; 400,000 chips"
    [duplicate] = [r for r in rows(connection, "timeline", company="oracle") if r["id"] == "oracle-nvidia-fixture-dup"]
    assert duplicate["not_counted"] == "the same deal as oracle-nvidia-chips"
    assert {r["id"] for r in rows(connection, "money-flows", company="oracle")} >= {"oracle-nvidia-chips"}
    assert "oracle-nvidia-fixture-dup" not in {r["id"] for r in rows(connection, "money-flows", company="oracle")}
    status = {r["value"] for r in rows(connection, "conflicts") if r["id"] == "oracle-nvidia-chips" and r["field"] == "status"}
    assert status == {"planned", "signed"}
