package io.flowaudit.benchmarks.workload;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The imagined cluster behind a {@link Workload}: namespaces, apps with a role (and so a tier and a service
 * port), one pod per security identity spread over nodes, CoreDNS, and the outside services pods talk to.
 *
 * <p>Identity labels are what Hubble prints for a pod: the pod's own labels plus the derived
 * {@code k8s:io.cilium.k8s.*} and {@code k8s:io.kubernetes.pod.namespace} labels, sorted. Everything is derived
 * from the seed, so two clusters built from the same config are equal.
 */
public final class Cluster {
    public static final String CLUSTER_NAME = "default";

    /** 50 realistic namespace names; more namespaces get a numeric suffix. */
    private static final String[] NAMESPACES = {
        "payments", "checkout", "cart", "catalog", "search", "identity", "auth", "billing", "shipping",
        "inventory", "orders", "notifications", "email", "recommendations", "ads", "analytics", "reporting",
        "monitoring", "logging", "ingress-nginx", "cert-manager", "data", "kafka", "redis", "postgres",
        "ml-serving", "ml-training", "frontend", "web", "api-gateway", "mobile-bff", "partner-api", "fraud",
        "risk", "ledger", "accounts", "customers", "support", "cms", "media", "uploads", "geo", "pricing",
        "promotions", "loyalty", "reviews", "wishlist", "batch", "etl", "dev-tools"};

    /** Roles of apps; every namespace runs each role once (app label = role name). */
    static final Role[] ROLES = {
        new Role("frontend", Tier.WEB, 8080), new Role("web", Tier.WEB, 80), new Role("api", Tier.API, 8080),
        new Role("gateway", Tier.API, 8443), new Role("auth", Tier.API, 8080), new Role("session", Tier.API, 9000),
        new Role("orders", Tier.API, 8080), new Role("cart", Tier.API, 8080), new Role("checkout", Tier.API, 8080),
        new Role("billing", Tier.API, 9000), new Role("invoice", Tier.API, 8080), new Role("catalog", Tier.API, 8080),
        new Role("search", Tier.API, 9000), new Role("indexer", Tier.WORKER, 0),
        new Role("recommender", Tier.API, 50051), new Role("notifier", Tier.WORKER, 0),
        new Role("mailer", Tier.WORKER, 0), new Role("scheduler", Tier.WORKER, 0), new Role("worker", Tier.WORKER, 0),
        new Role("consumer", Tier.WORKER, 0), new Role("producer", Tier.WORKER, 0), new Role("exporter", Tier.API, 9100),
        new Role("importer", Tier.WORKER, 0), new Role("reporter", Tier.WORKER, 0), new Role("sync", Tier.WORKER, 0),
        new Role("cache", Tier.DATA, 6379), new Role("redis", Tier.DATA, 6379), new Role("memcached", Tier.DATA, 11211),
        new Role("postgres", Tier.DATA, 5432), new Role("mysql", Tier.DATA, 3306), new Role("mongo", Tier.DATA, 27017),
        new Role("kafka", Tier.DATA, 9092), new Role("elasticsearch", Tier.DATA, 9200), new Role("minio", Tier.DATA, 9000),
        new Role("grpc-backend", Tier.API, 50051), new Role("config", Tier.API, 8080),
        new Role("feature-flags", Tier.API, 8080), new Role("audit", Tier.API, 8080),
        new Role("metrics-proxy", Tier.API, 9091), new Role("admin", Tier.WEB, 8080)};

    /** The port every pod exposes metrics on (scraped by monitoring/prometheus). */
    static final int METRICS_PORT = 9090;

    private final List<String> namespaces;
    private final List<Node> nodes;
    private final List<App> apps;
    private final List<Pod> pods;
    private final Pod coreDns;
    private final Pod prometheus;
    private final List<External> externals;

    Cluster(int namespaceCount, int identityCount, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        this.namespaces = namespaces(namespaceCount);
        int nodeCount = Math.max(2, Math.min(250, (identityCount + 150) / 150));
        this.nodes = new ArrayList<>();
        for (int n = 0; n < nodeCount; n++) {
            nodes.add(new Node(n, "k8s-worker-" + (n + 1), "172.18." + (n / 250) + "." + (n % 250 + 2),
                    "zone-" + (char) ('a' + n % 3)));
        }
        // Cilium's CRD allocator hands out pod identities from 256..65535; draw distinct ones.
        int[] ids = distinctIdentities(identityCount + 2, rnd);
        this.apps = new ArrayList<>();
        this.pods = new ArrayList<>();
        int variants = Math.max(1, (identityCount + namespaceCount * ROLES.length - 1) / (namespaceCount * ROLES.length));
        int[] podsOnNode = new int[nodeCount];
        int idIndex = 0;
        outer:
        for (int v = 0; v < variants; v++) {
            for (int ns = 0; ns < namespaceCount; ns++) {
                for (int r = 0; r < ROLES.length; r++) {
                    if (pods.size() >= identityCount) {
                        break outer;
                    }
                    App app = v == 0 ? app(ns, r, rnd) : apps.get(ns * ROLES.length + r);
                    if (v == 0) {
                        apps.add(app);
                    }
                    int node = rnd.nextInt(nodeCount);
                    Pod pod = new Pod(pods.size(), app, ids[idIndex++], labels(app, "v" + (v + 1)), nodes.get(node),
                            podIp(node, podsOnNode[node]++), podSuffix(rnd), rnd.nextInt(100, 4000),
                            mac(rnd), "lxc" + hex(rnd, 12), rnd.nextInt(8, 400));
                    app.pods().add(pod);
                    pods.add(pod);
                }
            }
        }
        App dns = new App(-1, "kube-system", "coredns", new Role("coredns", Tier.DATA, 53), "coredns",
                new ArrayList<>(), true);
        this.coreDns = new Pod(-1, dns, ids[idIndex++], labels(dns, ""), nodes.get(0), podIp(0, podsOnNode[0]++),
                "668d6bf9bc-8wq5n", 412, mac(rnd), "lxc" + hex(rnd, 12), 6);
        dns.pods().add(coreDns);
        this.prometheus = pods.stream().filter(p -> p.app().namespace().equals("monitoring")
                && p.app().role().name().equals("exporter")).findFirst().orElse(pods.get(0));
        this.externals = List.of(
                new External("api.stripe.com", "203.0.113.0/24", null, "203.0.113.", 10, 40, 443),
                new External("partner.example.net", "198.51.100.0/24", null, "198.51.100.", 20, 30, 443),
                new External("s3.eu-west-1.amazonaws.com", "52.218.0.0/17", null, "52.218.", -1, 0, 443),
                new External("github.com", "140.82.112.0/20", null, "140.82.112.", 3, 6, 443),
                new External("ldap.corp.example", "10.200.0.0/16", "10.200.99.0/24", "10.200.", -1, 0, 636),
                new External("legacy-db.corp.example", "192.168.10.0/24", null, "192.168.10.", 5, 12, 5432),
                new External("smtp.sendgrid.net", "167.89.0.0/17", null, "167.89.", -1, 0, 587),
                new External("www.google.com", "142.250.0.0/15", null, "142.250.", -1, 0, 443),
                new External("metadata.internal", "169.254.169.254/32", null, "169.254.169.", 254, 255, 80));
    }

    private static List<String> namespaces(int count) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String base = NAMESPACES[i % NAMESPACES.length];
            out.add(i < NAMESPACES.length ? base : base + "-" + (i / NAMESPACES.length + 1));
        }
        return List.copyOf(out);
    }

    private App app(int ns, int r, SplittableRandom rnd) {
        Role role = ROLES[r];
        String sa = rnd.nextInt(4) == 0 ? "default" : role.name();
        return new App(ns * ROLES.length + r, namespaces.get(ns), role.name(), role, sa, new ArrayList<>(),
                rnd.nextInt(3) != 0);
    }

    private static int[] distinctIdentities(int count, SplittableRandom rnd) {
        int range = 65536 - 256;
        if (count > range) {
            // more than one cluster's worth: continue into cluster-mesh ranges, still distinct
            int[] out = new int[count];
            for (int i = 0; i < count; i++) {
                out[i] = 256 + i;
            }
            return out;
        }
        int[] all = new int[range];
        for (int i = 0; i < range; i++) {
            all[i] = 256 + i;
        }
        for (int i = 0; i < count; i++) {
            int j = i + rnd.nextInt(range - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        return Arrays.copyOf(all, count);
    }

    /** Pod CIDR 10.&lt;n/64&gt;.&lt;n%64*4 ...&gt;.0/22 per node (cluster-pool, 1,000 addresses a node). */
    private static String podIp(int node, int k) {
        int block = node % 64 * 4 + k / 250;
        return "10." + (node / 64) + "." + block + "." + (k % 250 + 2);
    }

    private static String podSuffix(SplittableRandom rnd) {
        String alphabet = "bcdfghjklmnpqrstvwxz2456789";
        StringBuilder sb = new StringBuilder();
        sb.append(hex(rnd, 9 + rnd.nextInt(2)).replace('a', '7').replace('e', '5')).append('-');
        for (int i = 0; i < 5; i++) {
            sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    static String hex(SplittableRandom rnd, int digits) {
        StringBuilder sb = new StringBuilder(digits);
        for (int i = 0; i < digits; i++) {
            sb.append(Character.forDigit(rnd.nextInt(16), 16));
        }
        return sb.toString();
    }

    private static String mac(SplittableRandom rnd) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            if (i > 0) {
                sb.append(':');
            }
            int b = rnd.nextInt(256);
            if (i == 0) {
                b = (b & 0xFC) | 0x02; // locally administered unicast, as veth MACs are
            }
            sb.append(String.format(Locale.ROOT, "%02x", b));
        }
        return sb.toString();
    }

    public List<String> namespaces() {
        return namespaces;
    }

    public List<Node> nodes() {
        return Collections.unmodifiableList(nodes);
    }

    public List<App> apps() {
        return Collections.unmodifiableList(apps);
    }

    public List<Pod> pods() {
        return Collections.unmodifiableList(pods);
    }

    public Pod coreDns() {
        return coreDns;
    }

    public Pod prometheus() {
        return prometheus;
    }

    public List<External> externals() {
        return externals;
    }

    App app(String namespace, String role) {
        int ns = namespaces.indexOf(namespace);
        for (int r = 0; r < ROLES.length; r++) {
            if (ROLES[r].name().equals(role)) {
                return apps.get(ns * ROLES.length + r);
            }
        }
        throw new IllegalArgumentException("no role " + role);
    }

    /** What an app does, which decides its port and whom it calls. */
    enum Tier { WEB, API, WORKER, DATA }

    /** @param port the service port, 0 for pure clients (workers) */
    record Role(String name, Tier tier, int port) {
    }

    /** A node with its Hubble node labels. */
    public record Node(int index, String name, String ip, String zone) {
        public List<String> labels() {
            return List.of("beta.kubernetes.io/arch=amd64", "beta.kubernetes.io/os=linux", "kubernetes.io/arch=amd64",
                    "kubernetes.io/hostname=" + name, "kubernetes.io/os=linux", "topology.kubernetes.io/zone=" + zone);
        }
    }

    /**
     * An app (a Deployment) in a namespace.
     *
     * @param http whether it speaks HTTP on its port (candidates for L7 rules)
     */
    public record App(int index, String namespace, String name, Role role, String serviceAccount, List<Pod> pods,
                      boolean http) {
        @Override
        public boolean equals(Object o) {
            return this == o;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }

    /** Hubble's identity labels of a pod of {@code app}, sorted as Hubble prints them. */
    private static List<String> labels(App app, String version) {
        List<String> l = new ArrayList<>();
        String ns = app.namespace();
        if (app.index() >= 0) {
            l.add("k8s:app=" + app.name());
        }
        l.add("k8s:io.cilium.k8s.namespace.labels.kubernetes.io/metadata.name=" + ns);
        l.add("k8s:io.cilium.k8s.policy.cluster=" + CLUSTER_NAME);
        l.add("k8s:io.cilium.k8s.policy.serviceaccount=" + app.serviceAccount());
        l.add("k8s:io.kubernetes.pod.namespace=" + ns);
        if (app.index() < 0) {
            l.add("k8s:k8s-app=kube-dns");
        } else {
            l.add("k8s:version=" + version);
        }
        Collections.sort(l);
        return List.copyOf(l);
    }

    /**
     * One pod, the only one of its security identity.
     *
     * @param labels its identity labels, one shared list (as an identity store or the reader's list cache holds)
     * @param endpointId Cilium endpoint id (local to its node)
     * @param ifIndex index of its lxc interface on the node
     */
    public record Pod(int index, App app, long identity, List<String> labels, Node node, String ip, String podSuffix,
                      long endpointId, String mac, String lxc, int ifIndex) {
        public String podName() {
            return app.name() + "-" + podSuffix;
        }

        @Override
        public boolean equals(Object o) {
            return this == o;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }

    /**
     * A service outside the cluster.
     *
     * @param except a prefix inside {@code cidr} that policies carve out (may be null)
     * @param ipPrefix the fixed part of its addresses
     * @param lastLow first value of the last octet, -1 for "two random octets"
     */
    public record External(String dnsName, String cidr, String except, String ipPrefix, int lastLow, int lastHigh,
                           int port) {
        String ip(SplittableRandom rnd) {
            if (lastLow < 0) {
                return ipPrefix + rnd.nextInt(0, 128) + "." + rnd.nextInt(1, 255);
            }
            return ipPrefix + rnd.nextInt(lastLow, lastHigh);
        }
    }
}
