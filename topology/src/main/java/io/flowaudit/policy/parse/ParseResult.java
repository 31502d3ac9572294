package io.flowaudit.policy.parse;

import io.flowaudit.policy.model.Policy;
import java.util.List;

/**
 * What one file (or text) yielded.
 *
 * @param policies accepted policy objects
 * @param problems every error and warning, in document order
 * @param rejected objects refused because of an error ({@code Kind/ns/name} or {@code document N})
 * @param ignored objects that are not policies (Deployments, Services, ...), as {@code Kind/name}
 */
public record ParseResult(List<Policy> policies, List<ParseProblem> problems, List<String> rejected,
                          List<String> ignored) {
    public ParseResult {
        policies = List.copyOf(policies);
        problems = List.copyOf(problems);
        rejected = List.copyOf(rejected);
        ignored = List.copyOf(ignored);
    }

    public List<ParseProblem> errors() {
        return problems.stream().filter(ParseProblem::isError).toList();
    }

    public List<ParseProblem> warnings() {
        return problems.stream().filter(p -> !p.isError()).toList();
    }
}
