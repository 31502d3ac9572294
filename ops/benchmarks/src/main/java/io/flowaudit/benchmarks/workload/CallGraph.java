package io.flowaudit.benchmarks.workload;

import io.flowaudit.benchmarks.workload.Cluster.App;
import io.flowaudit.benchmarks.workload.Cluster.External;
import io.flowaudit.benchmarks.workload.Cluster.Tier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Who calls whom: web apps call APIs, APIs call APIs and data stores (sometimes in another namespace), workers
 * call data stores, some apps call outside services. Policies are written from this graph (with a few
 * omissions, so some traffic is denied) and most generated traffic follows it.
 */
final class CallGraph {
    private final Map<App, List<App>> callees = new HashMap<>();
    private final Map<App, List<App>> callers = new HashMap<>();
    private final Map<App, List<External>> externals = new HashMap<>();

    CallGraph(Cluster cluster, SplittableRandom rnd) {
        List<String> nss = cluster.namespaces();
        for (App a : cluster.apps()) {
            LinkedHashSet<App> out = new LinkedHashSet<>();
            Tier t = a.role().tier();
            switch (t) {
                case WEB -> pick(cluster, a.namespace(), Tier.API, 2 + rnd.nextInt(2), out, a, rnd);
                case API -> {
                    pick(cluster, a.namespace(), Tier.API, 1 + rnd.nextInt(2), out, a, rnd);
                    pick(cluster, a.namespace(), Tier.DATA, 1 + rnd.nextInt(2), out, a, rnd);
                    if (rnd.nextInt(10) < 3) {
                        pick(cluster, nss.get(rnd.nextInt(nss.size())), Tier.API, 1, out, a, rnd);
                    }
                }
                case WORKER -> {
                    pick(cluster, a.namespace(), Tier.DATA, 1 + rnd.nextInt(2), out, a, rnd);
                    pick(cluster, a.namespace(), Tier.API, 1, out, a, rnd);
                    if (rnd.nextInt(4) == 0) {
                        pick(cluster, nss.get(rnd.nextInt(nss.size())), Tier.DATA, 1, out, a, rnd);
                    }
                }
                case DATA -> {
                    // data stores answer, they do not call
                }
            }
            callees.put(a, List.copyOf(out));
            for (App c : out) {
                callers.computeIfAbsent(c, k -> new ArrayList<>()).add(a);
            }
            if (t != Tier.DATA && rnd.nextInt(4) == 0) {
                List<External> ext = new ArrayList<>();
                ext.add(cluster.externals().get(rnd.nextInt(cluster.externals().size() - 1)));
                if (rnd.nextInt(3) == 0) {
                    ext.add(cluster.externals().get(rnd.nextInt(cluster.externals().size() - 1)));
                }
                externals.put(a, List.copyOf(new LinkedHashSet<>(ext)));
            }
        }
    }

    private static void pick(Cluster cluster, String ns, Tier tier, int count, LinkedHashSet<App> out, App self,
                             SplittableRandom rnd) {
        List<App> candidates = new ArrayList<>();
        for (int r = 0; r < Cluster.ROLES.length; r++) {
            if (Cluster.ROLES[r].tier() == tier) {
                App c = cluster.app(ns, Cluster.ROLES[r].name());
                if (c != self) {
                    candidates.add(c);
                }
            }
        }
        for (int i = 0; i < count && !candidates.isEmpty(); i++) {
            out.add(candidates.remove(rnd.nextInt(candidates.size())));
        }
    }

    List<App> callees(App a) {
        return callees.getOrDefault(a, List.of());
    }

    List<App> callers(App a) {
        return callers.getOrDefault(a, List.of());
    }

    List<External> externals(App a) {
        return externals.getOrDefault(a, List.of());
    }
}
