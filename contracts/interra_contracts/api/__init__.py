"""The API contracts: the request and response schemas of every RPC the gateway calls, defined once.

Each service loads its requests and dumps its answers with them; the gateway documents its routes
(OpenAPI) with the same schemas, so what is validated is what is documented. One module per
service (`interra_contracts.api.duos`, ...) plus `common` (ids, pages, problems) and `platform`
(the gateway's own answers: tokens, health, GDPR reports).
"""
