-- GET load on empty inboxes: requests cycle through the owners whose Authorization header
-- values are given as arguments.
local next_owner = 0

function init(args)
    requests = {}
    for i, authorization in ipairs(args) do
        requests[i] = wrk.format("GET", "/inbox", { ["Authorization"] = authorization })
    end
end

function request()
    next_owner = next_owner % #requests + 1
    return requests[next_owner]
end
