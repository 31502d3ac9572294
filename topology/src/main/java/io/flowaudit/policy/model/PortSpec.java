package io.flowaudit.policy.model;

/**
 * One {@code ports[]} entry, or one ICMP field: {@code port..endPort} of {@code protocol}. Port 0 means every
 * port of the protocol (R40); {@code endPort <= port} means just {@code port} (R41). A named port has
 * {@code name} set and port 0 until resolved (R43). For ICMP the type takes the place of the port (R45).
 */
public record PortSpec(int port, int endPort, String name, L4Protocol protocol) {
    public PortSpec {
        name = name == null ? "" : name;
    }

    public boolean isNamed() {
        return !name.isEmpty();
    }

    /** Lowest port covered (0 for "all ports"). */
    public int low() {
        return port;
    }

    /** Highest port covered. */
    public int high() {
        if (port == 0) {
            return 65535;
        }
        return endPort > port ? endPort : port;
    }

    @Override
    public String toString() {
        String p = isNamed() ? name : (endPort > port && port != 0 ? port + "-" + endPort : String.valueOf(port));
        return p + "/" + protocol;
    }
}
