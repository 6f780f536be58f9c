// name: conflicts
// description: Where sources disagree: the same figure reported with different values, and every
// field of a deal (amount, stake, date, status…) on which its reports differ — each value beside its
// source, so a reader can judge (the reports of a deal found to be the same as another count for it).
// The value a deal shows follows the rule in data/README.md.
CALL () {
  MATCH (e:Entity)-[:HAS_FIGURE]->(f:Figure)
  WITH e, f.metric AS metric, f.unit AS unit, coalesce(f.period, '') AS period, coalesce(f.as_of, '') AS as_of,
       collect(f) AS reports
  WHERE size(reports) > 1
    AND size(reduce(seen = [], f IN reports | CASE WHEN f.value IN seen THEN seen ELSE seen + f.value END)) > 1
  UNWIND reports AS f
  MATCH (f)-[s:SOURCED_FROM]->(src:Source)
  RETURN e.name + ' ' + metric + coalesce(' ' + nullIf(period, ''), '') + coalesce(' as of ' + nullIf(as_of, ''), '') AS fact,
         'value' AS field, f.id AS id, {amount: f.value, currency: f.unit, amount_qualifier: f.qualifier} AS value,
         false AS shown, src AS src, s.excerpt AS excerpt
  UNION ALL
  MATCH (d:Deal) WHERE d.disputed IS NOT NULL
  UNWIND d.disputed AS field
  MATCH (r:Report)-[:REPORTS]->(x:Deal) WHERE (x = d OR (x)-[:SAME_AS]->(d)) AND r[field] IS NOT NULL
  MATCH (r)-[s:SOURCED_FROM]->(src:Source)
  RETURN d.summary AS fact,
         CASE field WHEN 'stake_percent' THEN 'stake' WHEN 'cited_source_id' THEN 'cited source' ELSE field END AS field,
         d.id AS id,
         CASE field
           WHEN 'amount' THEN r{.amount, .currency, .amount_qualifier, .amount_max, .amount_period}
           WHEN 'stake_percent' THEN CASE r.stake_qualifier WHEN 'up_to' THEN 'up to ' WHEN 'about' THEN 'about '
                                       WHEN 'at_least' THEN 'at least ' WHEN 'over' THEN 'over ' ELSE '' END
                                     + toString(r.stake_percent) + ' %'
           WHEN 'share_price' THEN r.currency + ' ' + toString(r.share_price)
           WHEN 'quantity' THEN toString(r.quantity) + ' ' + r.quantity_unit
           ELSE toString(r[field]) END AS value,
         src.id = d.source_id OR (field <> 'amount' AND src.id = d.sources[0]) AS shown,
         src AS src, s.excerpt AS excerpt
}
RETURN fact, field, value, src.id AS source, src.publisher AS publisher, src.published AS published, id, excerpt
ORDER BY fact, field, published DESC, source
