package io.flowaudit.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code flowaudit} launcher. */
@Command(name = "flowaudit", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Audits Cilium Hubble flows against CiliumNetworkPolicy, CiliumClusterwideNetworkPolicy and"
                + " Kubernetes NetworkPolicy sets with Cilium's own semantics.",
        subcommands = {ReplayCommand.class, LintCommand.class, WhatIfCommand.class, RunCommand.class, ProduceCommand.class,
                ConsumeCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 success, 1 runtime error (unreadable input, --strict violation),"
                + " 2 usage error, 3 policies rejected under --strict."})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code (tests call this). */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl.execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: try 'flowaudit replay --help'");
    }

    /** Reads the version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"flowaudit " + (v == null ? "development build" : v)};
        }
    }
}
