package io.vpngw.api.validation;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Compiles and evaluates {@code x-kubernetes-validations} rules with CEL-Java, in the environment
 * the API server gives them: {@code self}, {@code oldSelf}, the standard macros, the strings
 * extension and the Kubernetes IP/CIDR library. Compiled programs are cached per expression.
 */
final class CelRuleEvaluator {
    private final CelCompiler compiler = CelCompilerFactory.standardCelCompilerBuilder()
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar("self", SimpleType.DYN)
            .addVar("oldSelf", SimpleType.DYN)
            .addLibraries(CelExtensions.strings(), new KubernetesCelLibrary())
            .build();
    private final CelRuntime runtime = CelRuntimeFactory.standardCelRuntimeBuilder()
            .addLibraries(CelExtensions.strings(), new KubernetesCelLibrary())
            .build();
    private final Map<String, CelRuntime.Program> programs = new ConcurrentHashMap<>();

    /** Thrown when a rule does not compile: a bug in the CRD, not in the object. */
    static final class RuleCompileException extends RuntimeException {
        RuleCompileException(String expression, Throwable cause) {
            super("CEL rule does not compile: " + expression + ": " + cause.getMessage(), cause);
        }
    }

    Object evaluate(String expression, Object self, Object oldSelf) throws CelEvaluationException {
        CelRuntime.Program program = programs.computeIfAbsent(expression, this::compile);
        Map<String, Object> vars = new HashMap<>();
        vars.put("self", self);
        if (oldSelf != null) {
            vars.put("oldSelf", oldSelf);
        }
        return program.eval(vars);
    }

    private CelRuntime.Program compile(String expression) {
        try {
            CelAbstractSyntaxTree ast = compiler.compile(expression).getAst();
            return runtime.createProgram(ast);
        } catch (CelValidationException | CelEvaluationException e) {
            throw new RuleCompileException(expression, e);
        }
    }
}
