-- Drainers for the POST load: thread N (one connection each) long-polls inbox bench-N.
-- Arguments: the Authorization header values of bench-0 .. bench-3, in order.
local next_thread = 0

function setup(thread)
    thread:set("index", next_thread)
    next_thread = next_thread + 1
end

function init(args)
    request_text = wrk.format("GET", "/inbox?wait=5", { ["Authorization"] = args[index + 1] })
end

function request()
    return request_text
end
