-- Argo CD health check for Connection.vpngw.io (kstatus conditions written by the vpngw operator).
-- Install: argocd-cm key resource.customizations.health.vpngw.io_Connection (docs/gitops.md).
-- Healthy: the operator reconciled the current generation and Ready is True.
-- Degraded: Stalled is True (the message says what to change), also when a deletion waits on it.
-- Progressing: not yet reconciled, an older generation reconciled, or Reconciling is True.
local hs = {}

local function condition(conditions, type)
  if conditions == nil then
    return nil
  end
  for _, c in ipairs(conditions) do
    if c.type == type then
      return c
    end
  end
  return nil
end

local function describe(c)
  if c.reason ~= nil and c.reason ~= "" and c.message ~= nil and c.message ~= "" then
    return c.reason .. ": " .. c.message
  end
  return c.message or c.reason or c.type
end

-- Ready means configured on a ready gateway; the tunnel's own state (which depends on the peer,
-- not on the manifest) is reported in the message, not in the health
local function detail(ready)
  local m = describe(ready)
  if obj.status.connectionStatus ~= nil then
    m = m .. "; tunnel " .. obj.status.connectionStatus
  end
  return m
end

if obj.metadata.deletionTimestamp ~= nil then
  hs.status = "Progressing"
  hs.message = "Being deleted"
  local stalled = obj.status ~= nil and condition(obj.status.conditions, "Stalled") or nil
  if stalled ~= nil and stalled.status == "True" then
    -- the deletion needs a user's action (e.g. a site still used by Connections)
    hs.status = "Degraded"
    hs.message = "Deletion waits: " .. describe(stalled)
  end
  return hs
end

if obj.status == nil or obj.status.observedGeneration == nil or obj.status.observedGeneration < 0 then
  hs.status = "Progressing"
  hs.message = "Waiting for the vpngw operator to reconcile"
  return hs
end

if obj.metadata.generation ~= nil and obj.status.observedGeneration ~= obj.metadata.generation then
  hs.status = "Progressing"
  hs.message = "Waiting for the vpngw operator to reconcile generation " .. obj.metadata.generation
    .. " (status describes generation " .. obj.status.observedGeneration .. ")"
  return hs
end

local stalled = condition(obj.status.conditions, "Stalled")
if stalled ~= nil and stalled.status == "True" then
  hs.status = "Degraded"
  hs.message = describe(stalled)
  return hs
end

local reconciling = condition(obj.status.conditions, "Reconciling")
if reconciling ~= nil and reconciling.status == "True" then
  hs.status = "Progressing"
  hs.message = describe(reconciling)
  return hs
end

local ready = condition(obj.status.conditions, "Ready")
if ready ~= nil and ready.status == "True" then
  hs.status = "Healthy"
  hs.message = detail(ready)
  return hs
end

hs.status = "Progressing"
hs.message = "Waiting for Ready"
if ready ~= nil then
  hs.message = "Waiting for Ready: " .. describe(ready)
end
return hs
