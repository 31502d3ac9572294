package io.flowaudit.policy.parse;

import io.flowaudit.policy.model.Operator;
import io.flowaudit.policy.model.Requirement;
import io.flowaudit.policy.model.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Label selectors ({@code matchLabels}, {@code matchExpressions}) as Kubernetes and Cilium write them. */
final class SelectorParser {
    private static final Set<String> SELECTOR_FIELDS = Set.of("matchLabels", "matchExpressions");
    private static final Set<String> EXPRESSION_FIELDS = Set.of("key", "operator", "values");

    private SelectorParser() {
    }

    /** Parses a selector; {@code keyPrefix} is prepended to every key (Kubernetes namespaceSelector). */
    static Optional<Selector> parse(ParseContext ctx, Node n, String path, String keyPrefix) {
        Optional<Node.MapNode> m = ctx.map(n, path);
        if (m.isEmpty()) {
            return ParseContext.isNull(n) ? Optional.of(Selector.ALL) : Optional.empty();
        }
        ctx.checkKnown(m.get(), path, SELECTOR_FIELDS);
        List<Requirement> reqs = new ArrayList<>();
        Node labels = m.get().entries().get("matchLabels");
        ctx.map(labels, path + ".matchLabels").ifPresent(lm -> {
            for (Map.Entry<String, Node> e : lm.entries().entrySet()) {
                String p = path + ".matchLabels." + e.getKey();
                if (e.getValue() instanceof Node.Scalar s && s.kind() != Node.Scalar.Kind.NULL) {
                    reqs.add(Requirement.of(keyPrefix + e.getKey(), Operator.IN, List.of(s.text())));
                } else if (ParseContext.isNull(e.getValue())) {
                    // "key:" with no value is the empty string in Kubernetes label maps ("reserved:host: ''").
                    reqs.add(Requirement.of(keyPrefix + e.getKey(), Operator.IN, List.of("")));
                } else {
                    ctx.error(e.getValue(), p, "expected a label value, found " + Node.describe(e.getValue()));
                }
            }
        });
        List<Node> exprs = ctx.list(m.get().entries().get("matchExpressions"), path + ".matchExpressions");
        for (int i = 0; i < exprs.size(); i++) {
            expression(ctx, exprs.get(i), path + ".matchExpressions[" + i + "]", keyPrefix).ifPresent(reqs::add);
        }
        return Optional.of(new Selector(reqs));
    }

    private static Optional<Requirement> expression(ParseContext ctx, Node n, String path, String keyPrefix) {
        Optional<Node.MapNode> m = ctx.map(n, path);
        if (m.isEmpty()) {
            return Optional.empty();
        }
        ctx.checkKnown(m.get(), path, EXPRESSION_FIELDS);
        Map<String, Node> e = m.get().entries();
        Optional<String> key = ctx.string(e.get("key"), path + ".key");
        Optional<String> opText = ctx.string(e.get("operator"), path + ".operator");
        if (key.isEmpty() || key.get().isEmpty()) {
            ctx.error(n, path + ".key", "missing: a match expression needs a key");
            return Optional.empty();
        }
        if (opText.isEmpty()) {
            ctx.error(n, path + ".operator", "missing: expected In, NotIn, Exists or DoesNotExist");
            return Optional.empty();
        }
        // The CRD enum and Kubernetes' validation are case-sensitive, where Operator.parse is not.
        Optional<Operator> op = Operator.parse(opText.get()).filter(o -> spelling(o).equals(opText.get()));
        if (op.isEmpty()) {
            ctx.error(e.get("operator"), path + ".operator",
                    "\"" + Node.abbreviate(opText.get()) + "\" is not an operator: expected In, NotIn, Exists or DoesNotExist");
            return Optional.empty();
        }
        List<String> values = new ArrayList<>();
        List<Node> vs = ctx.list(e.get("values"), path + ".values");
        for (int i = 0; i < vs.size(); i++) {
            if (vs.get(i) instanceof Node.Scalar s && s.kind() != Node.Scalar.Kind.NULL) {
                values.add(s.text());
            } else {
                ctx.error(vs.get(i), path + ".values[" + i + "]", "expected a label value, found " + Node.describe(vs.get(i)));
            }
        }
        boolean needsValues = op.get() == Operator.IN || op.get() == Operator.NOT_IN;
        if (needsValues && values.isEmpty()) {
            ctx.error(n, path + ".values", "operator " + opText.get() + " needs at least one value");
            return Optional.empty();
        }
        if (!needsValues && !values.isEmpty()) {
            ctx.error(n, path + ".values", "operator " + opText.get() + " takes no values");
            return Optional.empty();
        }
        return Optional.of(Requirement.of(keyPrefix + key.get(), op.get(), values));
    }

    private static String spelling(Operator op) {
        return switch (op) {
            case IN -> "In";
            case NOT_IN -> "NotIn";
            case EXISTS -> "Exists";
            case DOES_NOT_EXIST -> "DoesNotExist";
        };
    }
}
