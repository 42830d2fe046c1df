package io.vpngw.operator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.jse.JsePlatform;

/**
 * Runs an Argo CD health check (gitops/argocd/vpngw.io/KIND/health.lua) as Argo CD does: the
 * object as the global {@code obj}, the script's returned table read as status and message.
 * Argo CD embeds gopher-lua (Lua 5.1); luaj is Lua 5.2, and the scripts use only what both share.
 */
record ArgoHealth(String status, String message) {
    static final Path DIR = Path.of("..", "gitops", "argocd", "vpngw.io");

    static ArgoHealth of(String kind, Map<String, Object> object) {
        try {
            String script = Files.readString(DIR.resolve(kind).resolve("health.lua"));
            Globals globals = JsePlatform.standardGlobals();
            globals.set("obj", lua(object));
            LuaValue result = globals.load(script, kind + "/health.lua").call();
            return new ArgoHealth(result.get("status").optjstring(null), result.get("message").optjstring(null));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** JSON-shaped Java values (maps, lists, strings, numbers, booleans) as Lua values, as Argo CD converts the object. */
    private static LuaValue lua(Object value) {
        return switch (value) {
            case null -> LuaValue.NIL;
            case Map<?, ?> m -> {
                LuaTable t = new LuaTable();
                m.forEach((k, v) -> t.set(String.valueOf(k), lua(v)));
                yield t;
            }
            case List<?> l -> {
                LuaTable t = new LuaTable();
                for (int i = 0; i < l.size(); i++) {
                    t.set(i + 1, lua(l.get(i)));
                }
                yield t;
            }
            case String s -> LuaValue.valueOf(s);
            case Boolean b -> LuaValue.valueOf(b);
            case Integer i -> LuaValue.valueOf(i);
            case Long l -> LuaValue.valueOf(l.doubleValue());
            case Number n -> LuaValue.valueOf(n.doubleValue());
            default -> LuaValue.valueOf(value.toString());
        };
    }
}
