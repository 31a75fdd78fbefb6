-- POST load: every request posts a 200-byte message from one sender to the next of 4 inboxes.
-- Arguments: the sender's Authorization header value.
local next_inbox = 0

function init(args)
    authorization = args[1]
    body = string.rep("m", 200)
end

function request()
    next_inbox = (next_inbox + 1) % 4
    return wrk.format("POST", "/inbox?to=bench-" .. next_inbox,
        { ["Authorization"] = authorization, ["Content-Type"] = "text/plain" }, body)
end
