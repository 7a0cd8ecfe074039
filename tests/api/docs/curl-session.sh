#!/usr/bin/env bash
# The curl session docs/api.md is made of. Start a fresh server first:
#   DATA_DIR=$(mktemp -d) CREDITGRAPH_ADMIN_KEY=cg_admin_example_key_0000000000 npm start
# then: B=http://localhost:3000 tests/api/docs/curl-session.sh   (needs curl and jq)
B=${B:-http://localhost:3000}
AUTH_ANA='Authorization: Bearer cg_demo_author'
AUTH_PAUL='Authorization: Bearer cg_demo_approver'
AUTH_AUDE='Authorization: Bearer cg_demo_auditor'
AUTH_ERP='Authorization: Bearer cg_demo_system'
JSON='Content-Type: application/json'
step() { echo; echo "### $*"; }

step 1 draft
curl -s -i $B/api/v1/policies/b2b-standard/draft -H "$AUTH_ANA" | grep -i '^etag'
ETAG=$(curl -s -i $B/api/v1/policies/b2b-standard/draft -H "$AUTH_ANA" | grep -i '^etag' | cut -d' ' -f2 | tr -d '\r')
curl -s $B/api/v1/policies/b2b-standard/draft -H "$AUTH_ANA" | jq '.document | .nodes[] | select(.kind=="approval") | .config.levels[1]'

step 2 edit
curl -s $B/api/v1/policies/b2b-standard/draft -H "$AUTH_ANA" \
  | jq '{document: (.document | (.nodes[] | select(.kind=="approval") | .config.levels[1].maxAmount) = 30000), comment: "Analysts up to 30k"}' > ${TMPDIR:-/tmp}/draft.json
curl -s -X PUT $B/api/v1/policies/b2b-standard/draft -H "$AUTH_ANA" -H "$JSON" -d @${TMPDIR:-/tmp}/draft.json | jq -c '.title // empty, .code // empty'
curl -s -i -X PUT $B/api/v1/policies/b2b-standard/draft -H "$AUTH_ANA" -H "$JSON" -H "If-Match: $ETAG" -d @${TMPDIR:-/tmp}/draft.json > ${TMPDIR:-/tmp}/put.txt
head -1 ${TMPDIR:-/tmp}/put.txt; grep -i '^etag' ${TMPDIR:-/tmp}/put.txt; tail -1 ${TMPDIR:-/tmp}/put.txt | jq -c '{status, etag, valid, diagnostics: (.diagnostics|length)}'
curl -s -X PUT $B/api/v1/policies/b2b-standard/draft -H "$AUTH_ANA" -H "$JSON" -H "If-Match: $ETAG" -d @${TMPDIR:-/tmp}/draft.json | jq -c '{status, code, detail}'

step 3 validate
curl -s -X POST $B/api/v1/policies/b2b-standard/draft/validate -H "$AUTH_ANA" | jq -c '{valid, diagnostics: (.diagnostics|length), golden: [.golden[] | {testId, passed}] | .[0:3]}'

step 4 evaluate
curl -s -X POST $B/api/v1/policies/b2b-standard/draft/evaluate -H "$AUTH_ANA" -H "$JSON" \
  -d '{"facts":{"requestedAmount":28000,"insolvencyProceedings":false,"yearsInBusiness":5,"equity":60000,"intangibleAssets":0,"totalAssets":300000,"currentAssets":150000,"currentLiabilities":100000,"financialDebt":120000,"netIncome":20000,"annualTurnover":1000000,"avgPaymentDelayDays":3,"paymentIncidents12m":1,"sectorRisk":"medium","bureauScore":55,"insurerCover":0}}' \
  | jq -c '{outcome, approvalLevel, riskClass, score, creditLimit: .creditLimit.gross}'

step 5 submit
curl -s -X POST $B/api/v1/policies/b2b-standard/draft/submit -H "$AUTH_ANA" -H "$JSON" -d '{"comment":"Raise analyst authority to 30,000"}' | jq -c '{status, submittedBy, submitComment}'
curl -s -X POST $B/api/v1/policies/b2b-standard/draft/approve -H "$AUTH_ANA" -H "$JSON" -d '{"comment":"self-service"}' | jq -c '{status, code, detail}'
curl -s -X POST $B/api/v1/policies/b2b-standard/draft/approve -H "$AUTH_PAUL" -H "$JSON" -d '{"comment":""}' | jq -c '{status, code, errors}'

step 6 approve
curl -s -X POST $B/api/v1/policies/b2b-standard/draft/approve -H "$AUTH_PAUL" -H "$JSON" -d '{"comment":"Agreed with the credit committee"}' | jq -c 'del(.document)'

step 7 activate
curl -s -X POST $B/api/v1/policies/b2b-standard/activate -H "$AUTH_PAUL" -H "$JSON" -d '{"version":2,"comment":"Go live"}' | jq -c '{id, activeVersion, latestVersion}'

step 8 decide
cat > ${TMPDIR:-/tmp}/request.json <<'JSONEOF'
{"requestId": "order-1002", "customerId": "ACME",
 "facts": {"requestedAmount": 28000, "insolvencyProceedings": false, "yearsInBusiness": 5, "equity": 60000,
           "intangibleAssets": 0, "totalAssets": 300000, "currentAssets": 150000, "currentLiabilities": 100000,
           "financialDebt": 120000, "netIncome": 20000, "annualTurnover": 1000000, "avgPaymentDelayDays": 3,
           "paymentIncidents12m": 1, "sectorRisk": "medium", "bureauScore": 55, "insurerCover": 0}}
JSONEOF
curl -s -i -X POST $B/api/v1/policies/b2b-standard/decisions -H "$AUTH_ERP" -H "$JSON" -d @${TMPDIR:-/tmp}/request.json > ${TMPDIR:-/tmp}/d1.txt
head -1 ${TMPDIR:-/tmp}/d1.txt; grep -i '^location' ${TMPDIR:-/tmp}/d1.txt
tail -1 ${TMPDIR:-/tmp}/d1.txt | jq -c '{decisionId, version, outcome, approvalLevel, riskClass, score, creditLimit, collectionScenario: .collectionScenario.id, reasons: [.reasons[].code]}'
DEC=$(tail -1 ${TMPDIR:-/tmp}/d1.txt | jq -r .decisionId)
curl -s -i -X POST $B/api/v1/policies/b2b-standard/decisions -H "$AUTH_ERP" -H "$JSON" -d @${TMPDIR:-/tmp}/request.json | grep -i '^HTTP\|^idempotent'
jq '.facts.requestedAmount = 1' ${TMPDIR:-/tmp}/request.json | curl -s -X POST $B/api/v1/policies/b2b-standard/decisions -H "$AUTH_ERP" -H "$JSON" -d @- | jq -c '{status, code, detail}'
curl -s -X POST "$B/api/v1/policies/b2b-standard/decisions?explain=true" -H "$AUTH_ERP" -H "$JSON" -d '{"facts":{"requestedAmount":5000,"insolvencyProceedings":true}}' | jq -c '.trace[1]'
curl -s -X POST $B/api/v1/policies/b2b-standard/decisions -H "$AUTH_ERP" -H "$JSON" -d '{"facts":{"requestedAmount":"a lot","sectorRisk":"unknown","colour":"blue"}}' | jq .

step 9 batch
curl -s -X POST $B/api/v1/policies/b2b-standard/decisions/batch -H "$AUTH_ERP" -H "$JSON" \
  -d '{"items":[{"customerId":"C-1","facts":{"requestedAmount":5000,"insolvencyProceedings":false}},{"customerId":"C-2","facts":{"requestedAmount":-5}}]}' \
  | jq -c '{succeeded, failed, items: [.items[] | {index, status, outcome: .decision.outcome, error: .error.code}]}'

step 10 diff
curl -s "$B/api/v1/policies/b2b-standard/diff?from=1&to=2" -H "$AUTH_AUDE" | jq -c '{from, to, changes: [.changes[].message], patch, nodes, semanticChange}'

step 11 rollback
curl -s -X POST $B/api/v1/policies/b2b-standard/activate -H "$AUTH_PAUL" -H "$JSON" -d '{"version":1,"comment":"Rollback"}' | jq -c '{activeVersion}'

step 12 log
curl -s "$B/api/v1/decisions?policyId=b2b-standard&customerId=ACME&limit=2" -H "$AUTH_AUDE" | jq -c '{items: [.items[] | {decisionId, version, outcome, caller, evaluatedAt}], nextCursor}'
curl -s -X POST $B/api/v1/decisions/$DEC/replay -H "$AUTH_AUDE" -H "$JSON" -d '{"version":1}' | jq -c '{decisionId, original: {version: .original.version, approvalLevel: .original.decision.approvalLevel}, replay: {version: .replay.version, approvalLevel: .replay.decision.approvalLevel}, same, differences}'
curl -s "$B/api/v1/decisions" -H "$AUTH_ERP" | jq -c '{status, code, detail}'

step 13 audit
curl -s "$B/api/v1/audit?policyId=b2b-standard&limit=3" -H "$AUTH_AUDE" | jq -c '.items[] | {seq, at, actor, action, version, comment, hash: .hash[0:12]}'
curl -s $B/api/v1/audit/verify -H "$AUTH_AUDE" | jq -c .

step 14 users
A='Authorization: Bearer cg_admin_example_key_0000000000'
curl -s -X POST $B/api/v1/users -H "$A" -H "$JSON" -d '{"id":"carla","name":"Carla Dupont","roles":["approver"],"delegationLevel":"creditManager"}' | jq -c .
curl -s -X POST $B/api/v1/users/carla/keys -H "$A" | tee ${TMPDIR:-/tmp}/key.json | jq -c '.key = "cg_…(shown once)…"'
curl -s $B/api/v1/me -H "Authorization: Bearer $(jq -r .key ${TMPDIR:-/tmp}/key.json)" | jq -c .
curl -s -X DELETE $B/api/v1/keys/$(jq -r .id ${TMPDIR:-/tmp}/key.json) -H "$A" | jq -c .
curl -s $B/api/v1/me -H "Authorization: Bearer $(jq -r .key ${TMPDIR:-/tmp}/key.json)" | jq -c '{status, code, detail}'

step 15 errors
curl -s -X POST $B/api/v1/policies/b2b-standard/decisions -H "$AUTH_ERP" -H "$JSON" -d '{"facts": ' | jq -c .
curl -s -X POST $B/api/v1/policies/b2b-standard/decisions -H "$AUTH_ERP" -H 'Content-Type: text/plain' -d '{}' | jq -c '{status, code}'
curl -s -X POST $B/api/v1/policies/b2b-standard/decisions -H "$AUTH_ERP" -H "$JSON" -d '{"facts":{"__proto__":{"admin":true}}}' | jq -c '{status, code, errors}'
curl -s $B/api/v1/policies/nope -H "$AUTH_ANA" | jq -c '{status, code, detail}'
curl -s $B/api/v1/policies | jq -c '{status, code, detail}'
curl -s -o /dev/null -w '%{http_code}\n' -X POST $B/api/v1/policies/b2b-standard/decisions -H "$AUTH_ERP" -H "$JSON" --data-binary @<(head -c 2000000 /dev/zero | tr '\0' ' ')
curl -s $B/metrics | grep -E '^creditgraph_(decision_duration_seconds_count|http_requests_total)' | head -6
