package io.flowaudit.whatif;

import io.flowaudit.policy.model.Policy;
import io.flowaudit.policy.model.PolicyRef;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A candidate built from the baseline: objects added or replaced by kind/namespace/name, some deleted. */
public final class PolicyOverlay {
    private PolicyOverlay() {
    }

    public static List<Policy> apply(Collection<Policy> baseline, Collection<Policy> changes, Set<String> deleteKeys) {
        Map<PolicyRef, Policy> byRef = new LinkedHashMap<>();
        for (Policy p : baseline) {
            byRef.put(p.ref(), p);
        }
        for (Policy p : changes) {
            byRef.put(p.ref(), p);
        }
        byRef.keySet().removeIf(r -> deleteKeys.contains(r.key()));
        return new ArrayList<>(byRef.values());
    }
}
