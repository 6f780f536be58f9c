// name: exposure
// description: How much of a company's income comes back from companies it pays itself — its own
// investees or suppliers. A company counts with its parts (Amazon with AWS); each real deal once;
// loans are debt, not income. Sums keep each qualifier ("$22bn + about $100bn"); amounts per period
// and amounts with no rate to dollars are named, never added. The most exposed first.
// param: company: entity = null -- only this company (or its group)
OPTIONAL MATCH (named:Entity {id: $company})
WITH named.group_id AS wanted
MATCH (payer:Entity)-[income:FLOWS_TO {counted: true, kind: 'payment'}]->(payee:Entity)
WHERE payer.group_id <> payee.group_id AND (wanted IS NULL OR payee.group_id = wanted)
MATCH (company:Entity {id: payee.group_id})
MATCH (payer_group:Entity {id: payer.group_id})
WITH company, payer_group, income,
     COLLECT { MATCH (company)-[back:PAYS]->(payer_group) UNWIND back.deals AS deal RETURN deal } AS paid_first
WITH company, collect({payer: payer_group.name, deal: income.deal, usd: income.amount_usd,
                       qualifier: income.amount_qualifier, period: income.amount_period, money: income.money,
                       rate: income.usd_rate, paid_first: paid_first}) AS incomes
WITH company, incomes, [i IN incomes WHERE size(i.paid_first) > 0] AS returns,
     ['exact', 'about', 'at_least', 'over', 'up_to'] AS qualifiers
WITH company, incomes, returns,
     [q IN qualifiers WHERE any(i IN incomes WHERE i.qualifier = q AND i.usd IS NOT NULL AND i.period IS NULL) |
      {amount: reduce(s = 0.0, i IN incomes | s + CASE WHEN i.qualifier = q AND i.period IS NULL THEN coalesce(i.usd, 0) ELSE 0 END),
       currency: 'USD', amount_qualifier: q}] AS income_parts,
     [q IN qualifiers WHERE any(i IN returns WHERE i.qualifier = q AND i.usd IS NOT NULL AND i.period IS NULL) |
      {amount: reduce(s = 0.0, i IN returns | s + CASE WHEN i.qualifier = q AND i.period IS NULL THEN coalesce(i.usd, 0) ELSE 0 END),
       currency: 'USD', amount_qualifier: q}] AS back_parts
RETURN company.name AS company,
       size(incomes) AS payments_in,
       size(returns) AS from_its_investees_or_suppliers,
       round(100.0 * size(returns) / size(incomes)) AS percent_of_payments,
       CASE WHEN size(income_parts) > 0 THEN {total: income_parts} END AS known_income,
       CASE WHEN size(back_parts) > 0 THEN {total: back_parts} END AS known_income_back,
       [i IN incomes WHERE i.money IS NOT NULL AND (i.period IS NOT NULL OR i.usd IS NULL) |
        i.money + ' (' + i.deal + CASE WHEN i.period IS NOT NULL THEN ', per period' ELSE ', ' + i.rate END + ')'] AS not_added,
       [i IN incomes WHERE i.usd IS NOT NULL AND i.rate IS NOT NULL | i.deal + ': ' + i.rate] AS converted,
       [i IN returns | i.payer + ' pays back through ' + i.deal + ' after '
                       + reduce(t = '', d IN i.paid_first | t + CASE t WHEN '' THEN '' ELSE ', ' END + d)] AS how,
       COLLECT { MATCH (d:Deal)
                 WHERE d.id IN [i IN returns | i.deal] + reduce(all = [], i IN returns | all + i.paid_first)
                 RETURN DISTINCT d.source_id } AS sources
ORDER BY percent_of_payments DESC, payments_in DESC, company
