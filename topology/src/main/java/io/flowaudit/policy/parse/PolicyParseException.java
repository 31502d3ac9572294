package io.flowaudit.policy.parse;

import java.util.List;

/** Thrown when a caller asks for a policy set that must load completely and some object was rejected. */
public final class PolicyParseException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient List<ParseProblem> problems;

    public PolicyParseException(List<ParseProblem> problems) {
        super(problems.isEmpty() ? "policy rejected" : problems.get(0).format()
                + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more problems)" : ""));
        this.problems = List.copyOf(problems);
    }

    public List<ParseProblem> problems() {
        return problems;
    }
}
