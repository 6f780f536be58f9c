"""How each table lives in Neo4j: the Cypher that writes, deletes and reads its rows.

A row of a node table becomes one node whose properties are the row's typed cells; its reference
columns also become relationships, rebuilt whenever the row changes. A row of a link table
(roles, parties, links) becomes one relationship carrying the row's cells. Labels and
relationship types come from the fixed declarations below; every value is a parameter.

Some properties are derived rather than read: a deal's values come from its reports (see
loader/reports.py), and after every change `derive` recomputes what depends on the whole base — which
deals are counted, each entity's group, the money flows between groups and the ownership ties.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any, Iterable

import neo4j

from loader import values
from loader.schema import (DEAL_RELATIONS, ENTITY_TYPES, LENDING_TYPES, MONEY_DIRECTIONS, OWNERSHIP_TYPES,
                           ROLE_RELATIONS, Table)

BATCH_SIZE = 1000
ROW_HASH = "row_hash"  # a digest of the row's cells, kept with its node or relationship
ENTITY_LABELS = tuple(t.capitalize() for t in ENTITY_TYPES)  # Company, Person, Project, Product, Group
ID_LABELS = ("Source", "Entity", "Deal", "Figure", "Quote")  # the labels of the shared id space
KEYED_LABELS = ("Report", "Rate")  # nodes whose id is made from their key columns


@dataclass(frozen=True)
class Link:
    """A reference column drawn as a relationship: (row)-[TYPE]->(target), or the reverse."""
    column: str
    type: str
    target: str  # label of the node referred to; "" for any node with an id
    outgoing: bool = True
    excerpt: bool = False  # carry the row's excerpt (for SOURCED_FROM)


SOURCED_FROM = Link("source_id", "SOURCED_FROM", "Source", excerpt=True)
REPORTED_BY = Link("cited_source_id", "REPORTED_BY", "Source")


@dataclass(frozen=True)
class NodeTable:
    label: str
    links: tuple[Link, ...]


@dataclass(frozen=True)
class LinkTable:
    type: str  # a fixed type, or "" when the `relation` column gives it
    start: tuple[str, str]  # (column, label)
    end: tuple[str, str]
    relations: tuple[str, ...] = ()  # the values the `relation` column may take, when it gives the type


NODE_TABLES = {
    "sources": NodeTable("Source", (Link("cites", "CITES", "Source"),)),
    "entities": NodeTable("Entity", (Link("parent_id", "PART_OF", "Entity"), SOURCED_FROM)),
    "deals": NodeTable("Deal", ()),
    "reports": NodeTable("Report", (Link("deal_id", "REPORTS", "Deal"), SOURCED_FROM, REPORTED_BY)),
    "rates": NodeTable("Rate", (SOURCED_FROM,)),
    "figures": NodeTable("Figure", (Link("entity_id", "HAS_FIGURE", "Entity", outgoing=False),
                                    Link("counterpart_id", "COUNTERPART", "Entity"), SOURCED_FROM, REPORTED_BY)),
    "quotes": NodeTable("Quote", (Link("person_id", "SAID", "Entity", outgoing=False),
                                  Link("about_id", "ABOUT", ""), SOURCED_FROM, REPORTED_BY)),
}
LINK_TABLES = {
    "roles": LinkTable("", ("person_id", "Entity"), ("org_id", "Entity"), ROLE_RELATIONS),
    "parties": LinkTable("PARTY_TO", ("entity_id", "Entity"), ("deal_id", "Deal")),
    # (:Deal)-[:PAYS_FOR|PART_OF|EXPANDS|AMENDS|REPLACES|SAME_AS]->(:Deal)
    "links": LinkTable("", ("deal_id", "Deal"), ("other_deal_id", "Deal"), DEAL_RELATIONS),
    # a further source for a fact that already has its own (a deal, figure, quote or entity)
    "citations": LinkTable("ALSO_SOURCED_FROM", ("fact_id", ""), ("source_id", "Source")),
}


def constraints() -> list[str]:
    """The schema, created before any write: unique ids, and an index to find a deal's money flows."""
    return [*(f"CREATE CONSTRAINT {label.lower()}_id IF NOT EXISTS FOR (n:{label}) REQUIRE n.id IS UNIQUE"
              for label in ID_LABELS + KEYED_LABELS),
            "CREATE INDEX entity_group IF NOT EXISTS FOR (e:Entity) ON (e.group_id)",
            "CREATE INDEX flows_to_deal IF NOT EXISTS FOR ()-[f:FLOWS_TO]-() ON (f.deal)",
            # every way of naming an entity, lower-cased, each one whole term: how names resolve
            "CREATE FULLTEXT INDEX entity_lookup IF NOT EXISTS FOR (e:Entity) ON EACH [e.lookup] "
            "OPTIONS {indexConfig: {`fulltext.analyzer`: 'keyword'}}",
            "CREATE INDEX owns_deal IF NOT EXISTS FOR ()-[o:OWNS]-() ON (o.deal)"]


def schema_name(statement: str) -> str:
    """The name a statement of constraints() gives its constraint or index."""
    return statement.split(" IF NOT EXISTS", 1)[0].split()[-1]


def node_id(table: Table, key: tuple[str, ...]) -> str:
    """The id of a row's node: its own id, or its key columns joined (a report: deal/source)."""
    return "/".join(key)


def row_hash(table: Table, row: dict[str, str]) -> str:
    """A digest of a row's cells: a load compares the digests it stored with the files' rows, rather
    than reading every row back."""
    return hashlib.blake2b("\x1f".join(map(row.__getitem__, table.header)).encode(), digest_size=12).hexdigest()


def graph_props(table: Table, row: dict[str, str]) -> dict[str, Any]:
    """The properties stored for a row: its typed cells, its digest, and what is derived from them."""
    props = {name: row[name] for name in table.header if row[name]}  # an empty cell is no property
    for column in table.columns:
        if column.kind in values.TYPED_KINDS and column.name in props:
            props[column.name] = values.to_graph(column, props[column.name])
    props[ROW_HASH] = row_hash(table, row)
    if table.name in NODE_TABLES and table.key != ("id",):
        props["id"] = node_id(table, table.key_of(row))
    if table.name in ("figures", "quotes"):
        date_column = "as_of" if table.name == "figures" else "said_on"
        if date_column in props:
            props["date_precision"] = values.date_precision(row[date_column])
    return props


def batches(items: list[Any]) -> Iterable[list[Any]]:
    for start in range(0, len(items), BATCH_SIZE):
        yield items[start:start + BATCH_SIZE]


def _match_any(var: str, key: str) -> str:
    """Cypher finding the node with this id whatever its label (a quote's ABOUT, a citation's fact)."""
    options = " ".join(f"OPTIONAL MATCH ({var}_{i}:{label} {{id: {key}}})" for i, label in enumerate(ID_LABELS))
    return f"{options} WITH *, coalesce({', '.join(f'{var}_{i}' for i in range(len(ID_LABELS)))}) AS {var}"


def lookup(entity: str) -> str:
    """Cypher for the names an entity answers to, lower-cased: what cypher/run.py's resolve looks up."""
    return f"[x IN [{entity}.id, {entity}.name] + coalesce({entity}.aliases, []) | toLower(trim(x))]"


# -- writing ----------------------------------------------------------------------------------------
def payload(table: Table, batch: list[dict[str, str]],
            derived: dict[str, dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """What upsert sends for a batch of rows (at most BATCH_SIZE): their properties, with `derived`
    ones by id (a deal's shown values). Made apart from the writing, so that the next batch can be
    made while Neo4j writes this one."""
    derived = derived or {}
    made = [{"props": graph_props(table, row)} for row in batch]
    for row in made:
        extra = derived.get(row["props"].get("id"), {})
        row["props"].update({key: value for key, value in extra.items() if value is not None})
        if table.name == "entities":
            row["label"] = row["props"]["type"].capitalize()
    return made


def upsert(tx: neo4j.ManagedTransaction, table: Table, made: list[dict[str, Any]], replaced: bool) -> None:
    """Create or update one batch of rows, as `payload` made it. `replaced`: they existed before,
    so their old links go first."""
    if table.name in NODE_TABLES:
        _upsert_nodes(tx, NODE_TABLES[table.name], made, replaced)
    else:
        _upsert_links(tx, LINK_TABLES[table.name], table.key, made, replaced)


def _upsert_nodes(tx: neo4j.ManagedTransaction, spec: NodeTable, batch: list[dict], replaced: bool) -> None:
    label = spec.label
    if replaced:
        for link in spec.links:
            pattern = f"(n)-[r:{link.type}]->()" if link.outgoing else f"(n)<-[r:{link.type}]-()"
            tx.run(f"UNWIND $ids AS id MATCH (n:{label} {{id: id}}) MATCH {pattern} DELETE r",
                   ids=[row["props"]["id"] for row in batch]).consume()
    set_labels = ""
    if label == "Entity":
        set_labels = "REMOVE n:" + ":".join(ENTITY_LABELS) + " SET n:$(row.label)"
    set_lookup = f", n.lookup = {lookup('row.props')}" if label == "Entity" else ""
    # a new row is created outright: the load compared keys already, and the constraint still guards
    write = "MERGE" if replaced else "CREATE"
    # each node's links are drawn in the same statement, from the node just written
    links = " ".join(_link_clause(link, batch) for link in spec.links
                     if any(row["props"].get(link.column) for row in batch))
    tx.run(f"UNWIND $rows AS row {write} (n:{label} {{id: row.props.id}}) SET n = row.props{set_lookup} "
           f"{set_labels} {links}", rows=batch).consume()


def _link_clause(link: Link, batch: list[dict]) -> str:
    """Cypher drawing one reference column of the node `n` written from `row`, as relationships."""
    target = _match_any("t", "target_id") if not link.target else f"MATCH (t:{link.target} {{id: target_id}})"
    props = " {excerpt: row.props.excerpt}" if link.excerpt else ""
    arrow = f"(n)-[:{link.type}{props}]->(t)" if link.outgoing else f"(n)<-[:{link.type}{props}]-(t)"
    value = f"row.props.{link.column}"
    listed = any(isinstance(row["props"].get(link.column), list) for row in batch)
    targets = f"coalesce({value}, [])" if listed else f"[x IN [{value}] WHERE x IS NOT NULL]"
    return f"WITH n, row CALL (n, row) {{ UNWIND {targets} AS target_id {target} CREATE {arrow} }}"


def _upsert_links(tx: neo4j.ManagedTransaction, spec: LinkTable, key: tuple[str, ...], batch: list[dict],
                  replaced: bool) -> None:
    # one statement per relationship type, each type a fixed word of the schema: a type computed from
    # the row ($(…)) makes MERGE slow (measured: 30 s for 1,250 links)
    (a_col, a_label), (b_col, b_label) = spec.start, spec.end
    by_type = {spec.type: batch} if spec.type else \
        {relation.upper(): [row for row in batch if row["props"]["relation"] == relation] for relation in spec.relations}
    for rel_type, rows in by_type.items():
        # a row that was there is found by its key: two rows may join the same pair (one party, two roles)
        same_key = " AND ".join(f"r.{name} = row.props.{name}" for name in key)
        write = f"MATCH (a)-[r:{rel_type}]->(b) WHERE {same_key}" if replaced else f"CREATE (a)-[r:{rel_type}]->(b)"
        if rows:
            tx.run(f"UNWIND $rows AS row {_match('a', a_label, f'row.props.{a_col}')} "
                   f"{_match('b', b_label, f'row.props.{b_col}')} "
                   f"{write} SET r = row.props", rows=rows).consume()


def _match(var: str, label: str, key: str) -> str:
    return f"MATCH ({var}:{label} {{id: {key}}})" if label else _match_any(var, key)


def locate(tx: neo4j.ManagedTransaction, table: Table, keys: list[tuple[str, ...]]) -> list[str]:
    """The element ids of the nodes or relationships of the rows with these keys. A removal locates
    everything it will delete before it deletes anything: an index lookup slows down in a transaction
    that has already deleted many entries from it, a lookup by element id does not."""
    found: list[str] = []
    for batch in batches(keys):
        found += tx.run(_find(table) + " RETURN collect(elementId(x)) AS found",
                        keys=_key_parameter(table, batch)).single()["found"]
    return found


def delete(tx: neo4j.ManagedTransaction, table: Table, element_ids: list[str]) -> None:
    """Delete the rows located (see locate): a node with its relationships, or a relationship."""
    what = "MATCH (x) WHERE elementId(x) IN $ids DETACH DELETE x" if table.name in NODE_TABLES \
        else "MATCH ()-[x]->() WHERE elementId(x) IN $ids DELETE x"
    for batch in batches(element_ids):
        tx.run(what, ids=batch).consume()


def set_deal_values(tx: neo4j.ManagedTransaction, derived: list[dict[str, Any]]) -> None:
    """Give deals the values their reports make them show (a null removes a value no report gives)."""
    for batch in batches(derived):
        tx.run("UNWIND $rows AS row MATCH (d:Deal {id: row.id}) SET d += row.values", rows=batch).consume()


def rebuild_flows(tx: neo4j.ManagedTransaction, deal_ids: list[str], new_deal_ids: set[str]) -> tuple[int, int]:
    """Derive, for these deals, the money flows (:Entity)-[:FLOWS_TO]->(:Entity) — funder → recipient,
    buyer → seller — and the ownership ties (:Entity)-[:OWNS]->(:Entity) of stakes and warrants.

    A stake or warrant with no amount is ownership only: no money is known to move. A loan is a flow
    of kind 'loan' (debt, never income). Deals in new_deal_ids were just created: no old ties to remove.
    Returns how many flows these deals made before, and how many they make now."""
    before, flows = 0, 0
    old = [deal for deal in deal_ids if deal not in new_deal_ids]
    for batch in batches(old):
        before += tx.run("UNWIND $ids AS id MATCH ()-[f:FLOWS_TO {deal: id}]->() DELETE f RETURN count(*) AS flows",
                         ids=batch).single()["flows"]
        tx.run("UNWIND $ids AS id MATCH ()-[o:OWNS {deal: id}]->() DELETE o", ids=batch).consume()
    directions = [list(pair) for pair in MONEY_DIRECTIONS]
    for batch in batches(deal_ids):
        flows += tx.run(
            "UNWIND $ids AS id MATCH (d:Deal {id: id}) WHERE d.status <> 'refused' "
            "  AND NOT (d.type IN $ownership AND d.amount IS NULL) "
            "MATCH (a:Entity)-[pa:PARTY_TO]->(d)<-[pb:PARTY_TO]-(b:Entity) "
            "WHERE [pa.role, pb.role] IN $directions AND a <> b "
            "CREATE (a)-[:FLOWS_TO {deal: d.id, type: d.type, "
            "  kind: CASE WHEN d.type IN $lending THEN 'loan' ELSE 'payment' END, status: d.status, "
            "  amount: d.amount, currency: d.currency, amount_qualifier: d.amount_qualifier, "
            "  amount_max: d.amount_max, amount_period: d.amount_period, amount_usd: d.amount_usd, usd_rate: d.usd_rate, "
            "  money: d.money, date: d.date}]->(b) RETURN count(*) AS flows",
            ids=batch, directions=directions, ownership=list(OWNERSHIP_TYPES),
            lending=list(LENDING_TYPES)).single()["flows"]
        # a warrant's holder is the one it is offered to; any other stake's holder is the one who takes it
        tx.run("UNWIND $ids AS id MATCH (d:Deal {id: id}) "
               "WHERE d.status <> 'refused' AND (d.type IN $ownership OR d.stake_percent IS NOT NULL) "
               "MATCH (a:Entity)-[pa:PARTY_TO]->(d)<-[pb:PARTY_TO]-(b:Entity) "
               "WHERE [pa.role, pb.role] IN $directions AND a <> b "
               "WITH d, CASE d.type WHEN 'warrant' THEN b ELSE a END AS holder, "
               "     CASE d.type WHEN 'warrant' THEN a ELSE b END AS held "
               "CREATE (holder)-[:OWNS {deal: d.id, type: d.type, status: d.status, percent: d.stake_percent, "
               "  qualifier: d.stake_qualifier, stake: d.stake, date: d.date}]->(held)",
               ids=batch, directions=directions, ownership=list(OWNERSHIP_TYPES)).consume()
    return before, flows


# What the whole base decides: each entity's group, which deals are counted, and the money between
# groups. Each statement is set-based, and opens on the rows it derives: every one after a load, or
# those around a change (derive_around) — the same Cypher either way.
_EVERY = {"entities": "MATCH (e:Entity)", "deals": "MATCH (d:Deal)", "flows": "MATCH ()-[f:FLOWS_TO]->()",
          "pays": "MATCH ()-[p:PAYS]->()",
          "payments": "MATCH (a:Entity)-[f:FLOWS_TO {counted: true}]->(b:Entity)"}
_AROUND = {"entities": "UNWIND $entities AS id MATCH (e:Entity {id: id})",
           "deals": "UNWIND $deals AS id MATCH (d:Deal {id: id})",
           "flows": "UNWIND $deals AS id MATCH ()-[f:FLOWS_TO {deal: id}]->()",
           "pays": "UNWIND $groups AS payer MATCH (:Entity {id: payer})-[p:PAYS]->(y:Entity) WHERE y.id IN $groups",
           "payments": "UNWIND $groups AS payer "
                       "MATCH (a:Entity {group_id: payer})-[f:FLOWS_TO {counted: true}]->(b:Entity) WHERE b.group_id IN $groups"}
# A whole's own standing, before its own parts of wholes are considered: a part of a part is not
# counted when its whole is counted on its own terms.
_COUNTED_ALONE = ("coalesce(whole.status, '') <> 'refused' AND NOT EXISTS { (whole)-[:SAME_AS]->(:Deal) } "
                  "AND NOT EXISTS { (:Deal)-[:EXPANDS|AMENDS|REPLACES]->(whole) }")
_DERIVING = (  # (which rows, what is derived of them)
    # an entity's group: the top of its PART_OF chain (Amazon for AWS), itself when it has no parent
    ("entities",
     "OPTIONAL MATCH (e)-[:PART_OF*1..10]->(top:Entity) WHERE NOT EXISTS { (top)-[:PART_OF]->(:Entity) } "
     "WITH e, head(collect(top)) AS top "
     "SET e.group_id = coalesce(top.id, e.id), e.group_name = coalesce(top.name, e.name)"),
    # each real deal counted once: not refused, not a duplicate, not superseded, not inside a counted whole
    ("deals",
     "WITH d, head(COLLECT { MATCH (d)-[:SAME_AS]->(o:Deal) RETURN 'the same deal as ' + o.id AS why ORDER BY why }) "
     "     AS duplicate, "
     "     head(COLLECT { MATCH (n:Deal)-[r:EXPANDS|AMENDS|REPLACES]->(d) "
     "                    RETURN 'superseded by ' + n.id + ' (' + toLower(type(r)) + ')' AS why ORDER BY why }) "
     "     AS superseded "
     "WITH d, coalesce(CASE WHEN d.status = 'refused' THEN 'refused' END, duplicate, superseded) AS excluded "
     "SET d.counted = excluded IS NULL, d.excluded = excluded"),
    ("deals",
     f"MATCH (d)-[:PART_OF]->(whole:Deal) WHERE d.counted = true AND whole.amount IS NOT NULL AND {_COUNTED_ALONE} "
     "WITH d, min(whole.id) AS whole "
     "SET d.counted = false, d.excluded = 'part of ' + whole + ', counted with it'"),
    ("flows", "MATCH (d:Deal {id: f.deal}) SET f.counted = d.counted"),
    # money between groups, one relationship per ordered pair: what loops and exposure follow
    ("pays", "DELETE p"),
    ("payments",
     "WITH a, b, f WHERE a.group_id <> b.group_id "
     "WITH a.group_id AS payer, b.group_id AS payee, a, b, f "
     "ORDER BY f.amount_usd IS NULL, f.amount_usd DESC, f.deal, a.id, b.id "
     "WITH payer, payee, collect(f.deal) AS deals, collect(coalesce(f.money, '?')) AS amounts, "
     "     collect(DISTINCT CASE WHEN a.id <> payer THEN a.name END) AS payer_parts, "
     "     collect(DISTINCT CASE WHEN b.id <> payee THEN b.name END) AS payee_parts, "
     "     max(f.amount_usd) AS largest_usd, sum(CASE WHEN f.amount_usd IS NULL THEN 1 ELSE 0 END) > 0 AS some_unknown "
     "MATCH (x:Entity {id: payer}), (y:Entity {id: payee}) "
     "CREATE (x)-[:PAYS {deals: deals, amounts: amounts, largest_usd: largest_usd, some_unknown: some_unknown, "
     "                  payer_parts: CASE WHEN payer_parts <> [] THEN payer_parts END, "
     "                  payee_parts: CASE WHEN payee_parts <> [] THEN payee_parts END}]->(y)"),
)
DERIVE = (
    # a base written before entities kept their lookup names
    f"MATCH (n:Entity) WHERE n.lookup IS NULL SET n.lookup = {lookup('n')}",
    *(f"{_EVERY[rows]} {derived}" for rows, derived in _DERIVING),
)
DERIVE_AROUND = tuple(f"{_AROUND[rows]} {derived}" for rows, derived in _DERIVING)


def derive(tx: neo4j.ManagedTransaction) -> None:
    for statement in DERIVE:
        tx.run(statement).consume()


def derive_around(tx: neo4j.ManagedTransaction, deal_ids: list[str], entity_ids: list[str]) -> None:
    """What derive recomputes, around a change that left every existing entity's group as it was:
    the groups of `entity_ids` (new entities, and those that lost a party); whether the deals
    `deal_ids` are counted (those whose rows, reports, parties or links changed), and their parts,
    which follow their whole; and the money between the groups of those entities and of the parties
    of those deals — all the money flows that changed run between two of them."""
    deals = sorted({*deal_ids, *tx.run("UNWIND $deals AS id MATCH (:Deal {id: id})<-[:PART_OF]-(d:Deal) "
                                       "RETURN collect(DISTINCT d.id) AS parts", deals=deal_ids).single()["parts"]})
    groups = tx.run("CALL { UNWIND $deals AS id MATCH (:Deal {id: id})<-[:PARTY_TO]-(e:Entity) RETURN e "
                    "       UNION UNWIND $entities AS id MATCH (e:Entity {id: id}) RETURN e } "
                    "RETURN collect(DISTINCT e.id) AS entities",
                    deals=deals, entities=entity_ids).single()["entities"]
    parameters = {"deals": deals, "entities": entity_ids}
    for number, statement in enumerate(DERIVE_AROUND):
        if number == len(DERIVE_AROUND) - 2:  # the groups, once every new entity has one
            parameters["groups"] = tx.run("UNWIND $ids AS id MATCH (e:Entity {id: id}) "
                                          "RETURN collect(DISTINCT e.group_id) AS groups", ids=groups).single()["groups"]
        tx.run(statement, parameters).consume()


# -- reading ----------------------------------------------------------------------------------------
def read_hashes(tx: neo4j.ManagedTransaction, table: Table,
                keys: list[tuple[str, ...]] | None = None) -> dict[tuple[str, ...], str | None]:
    """The key and stored digest of every row of this table in the database (None for a row written
    before rows had digests); with `keys`, only the rows with those keys."""
    # one list of strings, not a record per row: the driver decodes it ten times faster
    cells = "collect(" + " + '\x1f' + ".join(f"coalesce(toString(x.{name}), '')" for name in (*table.key, ROW_HASH)) + ")"
    if keys is not None:
        found = [line for batch in batches(keys) for line in
                 tx.run(f"{_find(table)} RETURN {cells} AS rows", keys=_key_parameter(table, batch)).single()["rows"]]
    elif table.name in NODE_TABLES:
        found = tx.run(f"MATCH (x:{NODE_TABLES[table.name].label}) RETURN {cells} AS rows").single()["rows"]
    else:
        found = tx.run(f"MATCH {_link_pattern(LINK_TABLES[table.name])} RETURN {cells} AS rows").single()["rows"]
    split = (line.split("\x1f") for line in found)
    return {tuple(parts[:-1]): parts[-1] or None for parts in split}


def stamp_hashes(tx: neo4j.ManagedTransaction, table: Table, rows: list[dict[str, str]]) -> None:
    """Give rows already in the database, unchanged, the digest they were written without."""
    keys = _key_parameter(table, [table.key_of(row) for row in rows])
    stamped = [key + [row_hash(table, row)] for key, row in zip(keys, rows)]  # the digest rides last
    for batch in batches(stamped):
        tx.run(f"{_find(table)} SET x.{ROW_HASH} = key[-1]", keys=batch).consume()


def _link_types(spec: LinkTable) -> str:
    return f":{spec.type}" if spec.type else ":" + "|".join(r.upper() for r in spec.relations)


def _link_pattern(spec: LinkTable) -> str:
    """Every relationship `x` of a link table, between the labels it joins: a company PART_OF its
    parent (drawn from an entity's parent_id) is no deal's part_of link."""
    start = f":{spec.start[1]}" if spec.start[1] else ""
    return f"({start})-[x{_link_types(spec)}]->(:{spec.end[1]})"


def read_rows(tx: neo4j.ManagedTransaction, table: Table,
              keys: list[tuple[str, ...]] | None = None) -> list[dict[str, str]]:
    """Every row of this table as it stands in the database, in file form (derived properties,
    such as a deal's shown values, are left on the server); with `keys`, only the rows with those
    keys, each found through an index."""
    if table.name == "deals":  # its few columns, not the many values derived from its reports
        props = "x{" + ", ".join(f".{c.name}" for c in table.columns) + "}"
    else:
        props = "properties(x)"
    if keys is not None:
        records = [record for batch in batches(keys)
                   for record in tx.run(f"{_find(table)} RETURN {props} AS props", keys=_key_parameter(table, batch))]
    elif table.name in NODE_TABLES:
        records = tx.run(f"MATCH (x:{NODE_TABLES[table.name].label}) RETURN {props} AS props")
    else:
        records = tx.run(f"MATCH {_link_pattern(LINK_TABLES[table.name])} RETURN {props} AS props")
    return [{c.name: values.to_file(record["props"].get(c.name)) for c in table.columns} for record in records]


def _find(table: Table) -> str:
    """Cypher finding, for each `key` of $keys (see _key_parameter), the node or relationship `x` of
    the row with that key, through an index."""
    # the index is named: without the hint the planner may scan the whole index for each key
    if table.name in NODE_TABLES:
        label = NODE_TABLES[table.name].label
        return f"UNWIND $keys AS key WITH key, key[0] AS at MATCH (x:{label} {{id: at}}) USING INDEX x:{label}(id)"
    spec = LINK_TABLES[table.name]
    # from a deal where the link has one (a deal has few links; a company may have thousands)
    column, label = spec.end if spec.end[1] == "Deal" or not spec.start[1] else spec.start
    anchor = f"(y:{label} {{id: at}})"
    rel = f"[x{_link_types(spec)}]"
    pattern = f"()-{rel}->{anchor}" if column == spec.end[0] else f"{anchor}-{rel}->()"
    same = " AND ".join(f"x.{name} = key[{i}]" for i, name in enumerate(table.key))
    return (f"UNWIND $keys AS key WITH key, key[{table.key.index(column)}] AS at "
            f"MATCH {pattern} USING INDEX y:{label}(id) WHERE {same}")


def _key_parameter(table: Table, keys: list[tuple[str, ...]]) -> list:
    """Each key as a list, as _find reads it: a node's id alone, or a link's key columns."""
    return [[node_id(table, key)] for key in keys] if table.name in NODE_TABLES else [list(key) for key in keys]
