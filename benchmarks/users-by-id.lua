-- wrk script: GET {base}/{id} for each id of the file given after --, in turn.
local ids = {}
local next_id = 1

function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then ids[#ids + 1] = line end
  end
end

function request()
  local id = ids[next_id]
  next_id = next_id % #ids + 1
  return wrk.format("GET", wrk.path .. "/" .. id)
end
