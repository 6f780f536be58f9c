"""Each question gives the answers the article supports, with the source behind every fact."""
from __future__ import annotations

import json
from collections import Counter

import pytest
from click.testing import CliRunner

from cli.main import cli
from cypher import QueryError, load_library, resolve, run


@pytest.fixture(scope="module")
def loaded(connection):
    """The article's base, loaded once for this module's read-only questions."""
    import loader
    from tests.conftest import ROOT

    with connection.session() as session:
        session.run("MATCH (n) DETACH DELETE n").consume()
    loader.load(connection, ROOT / "data")
    return connection


def rows(connection, query, **params):
    return run(connection, query, params).rows


def test_nvidia_funds_openai_to_buy_nvidia_chips_and_it_is_circular(loaded):
    [row] = [r for r in rows(loaded, "who-funds-whom", company="nvidia") if r["recipient"] == "OpenAI"]
    assert row["funder"] == "Nvidia"
    assert row["amount"] == {"amount": 100_000_000_000, "currency": "USD", "amount_qualifier": "about",
                             "amount_max": None, "amount_period": None, "amount_usd": 100_000_000_000,
                             "usd_rate": None}
    assert (row["to_buy"], row["from"], row["circular"]) == ("chips", "Nvidia", True)
    assert row["source"] == "lemonde-2025-10-circulaire"
    assert "100 milliards de dollars dans OpenAI" in row["excerpt"]


def test_who_funds_whom_filters_by_amount(loaded):
    big = rows(loaded, "who-funds-whom", min_amount="20bn")
    assert {(r["funder"], r["recipient"]) for r in big} == {("Nvidia", "OpenAI"), ("AMD", "OpenAI")}
    assert "softbank-wework" in {r["id"] for r in rows(loaded, "who-funds-whom", min_amount="$16bn")}


def test_amd_s_warrant_pays_for_amd_chips(loaded):
    circular = {r["id"]: r for r in rows(loaded, "circular-deals")}
    amd = circular["amd-openai-2025-10"]
    assert (amd["funder"], amd["recipient"], amd["from"]) == ("AMD", "OpenAI", "AMD")
    assert amd["amount"]["amount_qualifier"] == "up_to" and amd["amount"]["amount"] == 40_000_000_000
    assert {"nvidia-openai-2025-09", "nvidia-xai-equity", "nvidia-coreweave-cloud", "amazon-anthropic",
            "ford-workers-pay-1914", "lucent-vendor-financing-199x"} <= set(circular)
    assert "stargate-2025-01" not in circular  # Nvidia sells to Stargate but does not fund it


def test_the_loop_nvidia_openai_oracle_nvidia_is_found(loaded):
    loops = {r["loop"]: r for r in rows(loaded, "money-loops", company="Oracle", max_length="3")}
    loop = loops["Nvidia → OpenAI → Oracle → Nvidia"]
    assert loop["deals"] == ["nvidia-openai-2025-09", "openai-oracle-cloud", "oracle-nvidia-chips"]
    assert loop["payments"] == 3 and all(loop["excerpts"]) and all(loop["sources"])
    assert "Nvidia → OpenAI → Oracle → Nvidia" not in {r["loop"] for r in rows(loaded, "money-loops", max_length="2")}


@pytest.mark.parametrize("params", [{"max_length": "6"}, {"company": "Nvidia", "max_length": "6"}])
def test_each_step_of_a_loop_cites_the_source_and_excerpt_of_its_first_deal(loaded, params):
    """With and without a company: every loop found in Python, or searched by the query's Cypher."""
    deals = {r["id"]: r for r in loaded.read("MATCH (d:Deal) RETURN d.id AS id, d.source_id AS source, "
                                             "d.excerpt AS excerpt")}
    found = rows(loaded, "money-loops", **params)
    for row in found:
        first = [deals[step.split(" or ")[0]] for step in row["deals"]]
        assert row["sources"] == [d["source"] for d in first] and row["excerpts"] == [d["excerpt"] for d in first]
    assert len({e for row in found for e in row["excerpts"]}) > 3  # the steps' excerpts are not all one text


def companies(loop: str) -> list[str]:
    return [name.split(" (through ")[0] for name in loop.split(" → ")]


def test_each_cycle_of_companies_is_listed_once(loaded):
    found = [companies(r["loop"]) for r in rows(loaded, "money-loops", max_length="6")]
    assert all(names[0] == names[-1] for names in found)
    cycles = [frozenset(names) for names in found]
    assert len(cycles) == len(set(cycles)) and len(cycles) >= 8


def test_amazon_anthropic_aws_is_a_loop_because_aws_is_part_of_amazon(loaded):
    [loop] = rows(loaded, "money-loops", company="amazon")
    assert loop["loop"] == "Amazon → Anthropic → Amazon (through Amazon Web Services)"
    assert loop["deals"] == ["amazon-anthropic", "anthropic-aws-cloud"]
    assert rows(loaded, "money-loops", company="AWS") == [loop]
    flows = {r["id"]: r for r in rows(loaded, "money-flows", company="amazon")}
    assert flows["anthropic-aws-cloud"]["in_a_loop"] and flows["anthropic-aws-cloud"]["payee_group"] == "Amazon"
    [amazon] = rows(loaded, "exposure", company="aws")
    assert amazon["company"] == "Amazon" and amazon["from_its_investees_or_suppliers"] == 1


def test_a_stake_without_money_is_ownership_not_a_payment(loaded):
    flows = rows(loaded, "money-flows")
    assert not [f for f in flows if f["deal"] in ("equity_stake", "warrant") and f["amount"]["amount"] is None]
    assert "nvidia-coreweave-stake" not in {f["id"] for f in flows}
    owned = {(r["holder"], r["held"]): r for r in rows(loaded, "ownership")}
    assert owned[("Nvidia", "CoreWeave")]["stake"] == "7 %"
    assert owned[("OpenAI", "AMD")]["stake"] == "up to 10 %"  # a warrant: AMD offers its shares to OpenAI
    assert ("OpenAI", "CoreWeave") in owned


def test_totals_keep_their_qualifiers_and_leave_out_amounts_per_day(loaded):
    for row in rows(loaded, "exposure"):
        for total in (row["known_income"], row["known_income_back"]):
            assert total is None or all(part["amount_qualifier"] for part in total["total"])
    [workers] = rows(loaded, "exposure", company="ford-workers")
    assert workers["known_income"] is None and workers["not_added"] == ["$5 a day (ford-workers-pay-1914, per period)"]


def test_microsoft_s_and_tsmc_s_refusals_are_listed(loaded):
    refused = {r["id"]: r for r in rows(loaded, "refused")}
    microsoft = refused["microsoft-openai-2024-refused"]
    assert microsoft["asked_by"] == ["Sam Altman"] and "Microsoft" in microsoft["asked"]
    assert microsoft["amount"]["amount"] == 100_000_000_000 and microsoft["date"] == "2024"
    tsmc = refused["tsmc-chip-project-2024-refused"]
    assert tsmc["asked"] == ["TSMC"] and tsmc["amount"]["amount"] == 5_000_000_000_000
    assert set(refused) == {"microsoft-openai-2024-refused", "tsmc-chip-project-2024-refused"}


def test_ford_and_lucent_are_circular_precedents(loaded):
    precedents = {r["funder"]: r for r in rows(loaded, "precedents")}
    assert precedents["Ford"]["circular"] and precedents["Ford"]["date"] == "1914"
    assert precedents["Lucent"]["circular"] and "pertes" in precedents["Lucent"]["outcome"]
    assert not precedents["SoftBank"]["circular"]


def test_openai_and_nvidia_are_the_hubs(loaded):
    hubs = rows(loaded, "hubs", limit="5")
    assert [h["name"] for h in hubs[:2]] == ["OpenAI", "Nvidia"]
    assert len(hubs) == 5


def test_exposure_shows_money_coming_back_to_nvidia(loaded):
    [nvidia] = rows(loaded, "exposure", company="NVIDIA")
    assert nvidia["payments_in"] == 5 and nvidia["from_its_investees_or_suppliers"] == 3
    assert {how.split(" pays back")[0] for how in nvidia["how"]} == {"OpenAI", "xAI", "CoreWeave"}


def test_entity_gathers_everything_on_one_company(loaded):
    facts = rows(loaded, "entity", name="Amazon Web Services")
    kinds = {(f["kind"], f["id"]) for f in facts}
    assert ("profile", "aws") in kinds and ("deal", "anthropic-aws-cloud") in kinds
    nvidia = rows(loaded, "entity", name="nvidia")
    assert {"profile", "person", "figure", "deal"} <= {f["kind"] for f in nvidia}
    assert any(f["kind"] == "figure" and f["amount"]["amount"] == 4_400_000_000_000 for f in nvidia)


def test_timeline_is_in_date_order_within_the_bounds(loaded):
    timeline = rows(loaded, "timeline", since="2025-09", until="2025-10")
    assert [r["id"] for r in timeline] == ["nvidia-openai-2025-09", "anthropic-google-cloud-2025-10",
                                           "amd-openai-2025-10", "openai-amd-chips-2025-10"]


def test_quotes_sources_path_gaps_and_conflicts(loaded):
    quotes = rows(loaded, "quotes", company="amd")
    assert {q["who"] for q in quotes} >= {"Lisa Su", "James Chanos"}
    assert any(r["id"] == "coreweave-valuation-2025-10" for r in rows(loaded, "sources", name="CoreWeave"))
    paths = rows(loaded, "path", **{"from": "xai", "to": "oracle"})
    assert paths and all(p["path"].startswith("xAI") and p["path"].endswith("Oracle") for p in paths)
    gaps = {(g["missing"], g["id"]) for g in rows(loaded, "gaps")}
    assert ("amount", "anthropic-google-cloud-2025-10") in gaps  # "plusieurs dizaines de milliards"
    assert ("deal", "jensen-huang") in gaps
    assert not any(missing == "source" for missing, _ in gaps)
    assert rows(loaded, "conflicts") == []  # the article states each figure once


def test_gaps_lists_the_first_of_each_kind_and_says_how_many_there_are(loaded):
    every = rows(loaded, "gaps", limit="1000")
    kinds = Counter((g["missing"], g["kind"]) for g in every)
    assert every == sorted(every, key=lambda g: (g["missing"], g["kind"], g["id"]))
    assert all(g["in_all"] == kinds[g["missing"], g["kind"]] for g in every)
    first = rows(loaded, "gaps", limit="1")
    assert [(g["missing"], g["kind"], g["in_all"]) for g in first] == sorted((*kind, n) for kind, n in kinds.items())
    assert [g["id"] for g in first] == [min(g["id"] for g in every if (g["missing"], g["kind"]) == (f["missing"], f["kind"]))
                                        for f in first]
    assert len(first) < len(every)  # some kind has more gaps than are listed


def test_every_fact_row_carries_its_source_and_excerpt(loaded):
    checked = 0
    for name, query in load_library().items():
        answer = run(loaded, name, {"from": "nvidia", "to": "oracle"} if name == "path" else {})
        if "excerpt" in answer.columns:
            for row in answer.rows:
                assert row["source"] and row["excerpt"], f"{name}: {row}"
                checked += 1
        if "excerpts" in answer.columns:
            for row in answer.rows:
                assert all(row["excerpts"]) and all(row["sources"]), f"{name}: {row}"
                checked += 1
    assert checked > 100


def test_names_are_accepted_as_people_type_them(loaded):
    assert resolve(loaded, "NVIDIA") == resolve(loaded, "nvidia") == resolve(loaded, "Nvidia") == "nvidia"
    assert resolve(loaded, "Amazon Web Services") == resolve(loaded, "aws") == "aws"
    assert resolve(loaded, "a16z") == "andreessen-horowitz"
    with pytest.raises(QueryError, match="Nothing in the base is called 'Nvidea'. Did you mean 'Nvidia'"):
        resolve(loaded, "Nvidea")


def test_unknown_queries_and_parameters_get_close_matches(loaded):
    with pytest.raises(QueryError, match="There is no query named 'who-funds'. Did you mean 'who-funds-whom'"):
        run(loaded, "who-funds")
    with pytest.raises(QueryError, match="who-funds-whom has no parameter 'compnay'. Did you mean 'company'"):
        run(loaded, "who-funds-whom", {"compnay": "nvidia"})


def test_cli_ask_prints_money_as_money_and_provenance(loaded, monkeypatch):
    monkeypatch.setenv("COLUMNS", "150")
    result = CliRunner().invoke(cli, ["ask", "circular-deals", "-p", "company", "AMD"])
    assert result.exit_code == 0, result.output
    assert "up to $40bn" in result.output
    assert "amd-openai-2025-10 · lemonde-2025-10-circulaire: « AMD va lui offrir" in result.output


def test_cli_ask_json_and_csv_are_for_programs(loaded):
    as_json = json.loads(CliRunner().invoke(cli, ["ask", "refused", "--format", "json"]).output)
    assert {r["id"] for r in as_json} == {"microsoft-openai-2024-refused", "tsmc-chip-project-2024-refused"}
    as_csv = CliRunner().invoke(cli, ["ask", "hubs", "-p", "limit", "2", "-f", "csv"]).output.splitlines()
    assert as_csv[0] == "name,type,deals,partners,pays,paid_by,id"
    assert as_csv[1].startswith("OpenAI,company,")


@pytest.mark.parametrize("args, message", [
    (["ask", "who-fund-whom"], "There is no query named 'who-fund-whom'. Did you mean 'who-funds-whom'?"),
    (["ask", "entity", "-p", "name", "Nvidea"], "Nothing in the base is called 'Nvidea'. Did you mean 'Nvidia'?"),
    (["ask", "money-loops", "-p", "max_lenght", "3"], "money-loops has no parameter 'max_lenght'."),
    (["ask", "who-funds-whom", "-p", "min_amount", "lots"], "'lots' is not an amount"),
    (["cypher", "CREATE (:Hack)"], "only reads"),
    (["cypher", "MATCH (n RETURN n"], "Neo4j could not run the query"),
])
def test_cli_errors_are_one_clear_sentence(loaded, args, message):
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1
    assert message in result.output and "Traceback" not in result.output


def test_cli_cypher_reads_with_parameters(loaded):
    result = CliRunner().invoke(cli, ["cypher", "MATCH (d:Deal) WHERE d.amount_usd >= $min RETURN d.id AS id "
                                      "ORDER BY id", "-p", "min", "100000000000", "-f", "csv"])
    assert result.exit_code == 0, result.output
    assert result.output.split() == ["id", "microsoft-openai-2024-refused", "nvidia-openai-2025-09",
                                     "openai-oracle-cloud", "stargate-2025-01", "tsmc-chip-project-2024-refused"]
    assert loaded.read("MATCH (h:Hack) RETURN h") == []


def test_cli_queries_lists_every_question_from_the_headers():
    result = CliRunner().invoke(cli, ["queries"])
    assert result.exit_code == 0
    for query in load_library().values():
        assert query.name in result.output
        for param in query.params:
            assert f"-p {param.name}" in result.output


def test_answers_become_dataframes(loaded):
    frame = run(loaded, "hubs").frame()
    assert list(frame.columns) == ["name", "type", "deals", "partners", "pays", "paid_by", "id"]
    assert frame.iloc[0]["name"] == "OpenAI"


def test_a_path_from_a_company_to_itself_is_empty_not_an_error(loaded):
    assert rows(loaded, "path", **{"from": "nvidia", "to": "NVIDIA"}) == []
