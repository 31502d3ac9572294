package io.flowaudit.cli;

import io.flowaudit.flow.hubble.HubbleJsonReader;
import io.flowaudit.flow.hubble.ReadEvent;
import io.flowaudit.policy.EngineOptions;
import io.flowaudit.policy.advise.DnsAdvisor;
import io.flowaudit.policy.advise.Finding;
import io.flowaudit.policy.advise.PolicyLint;
import io.flowaudit.policy.advise.Severity;
import io.flowaudit.policy.compile.PolicyCompiler;
import io.flowaudit.policy.compile.PolicyTables;
import io.flowaudit.policy.model.Identity;
import io.flowaudit.policy.model.IdentityCache;
import io.flowaudit.policy.parse.PolicyLoader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code flowaudit lint}: static checks of a policy set, with fixes; gates CI through its exit code. */
@Command(name = "lint", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Checks a policy set: endpoints whose egress is default deny without a DNS allowance"
                + " (with the policy that fixes it), toFQDNs without DNS visibility, allows shadowed by denies,"
                + " port rules that are surely mistakes, and (with --flows) selectors that match nothing seen."},
        footer = {"", "Exit codes: 0 no errors (warnings allowed), 1 errors found (or a policy object rejected),"
                + " 2 usage error."})
public final class LintCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-p", "--policies"}, paramLabel = "PATH", required = true, arity = "1..*",
            description = "Policy files or directories; repeatable.")
    List<Path> policies;

    @Option(names = {"-f", "--flows"}, paramLabel = "FILE",
            description = "Hubble JSON flows: also check every workload seen, and selectors that match none of them.")
    Path flows;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (default) or json (one finding per line).")
    String format;

    @Option(names = {"-q", "--quiet"}, description = "Do not print policy parse warnings.")
    boolean quiet;

    @Mixin
    EngineOptionsMixin engine;

    @Override
    public Integer call() throws IOException {
        if (!format.equals("text") && !format.equals("json")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--format: '" + format
                    + "' is not a format; use text or json");
        }
        PrintWriter err = spec.commandLine().getErr();
        EngineOptions options = engine.toOptions(spec.commandLine());
        PolicyLoader.LoadResult loaded = PolicySetLoader.load(policies, options.version(), err, quiet);
        PolicyTables tables = new PolicyCompiler(options).compile(loaded.policies(), 1);
        Set<Identity> seen = new LinkedHashSet<>();
        if (flows != null) {
            IdentityCache ids = new IdentityCache();
            new HubbleJsonReader().read(flows, ev -> {
                if (ev instanceof ReadEvent.ParsedFlow pf) {
                    seen.add(ids.resolve(pf.flow().source().identity(), pf.flow().source().labels()));
                    seen.add(ids.resolve(pf.flow().destination().identity(), pf.flow().destination().labels()));
                }
            });
        }
        List<Finding> findings = new ArrayList<>(new DnsAdvisor(tables).advise(seen));
        findings.addAll(new PolicyLint(loaded.policies()).check(seen));
        Writer out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
        for (Finding f : findings) {
            if (format.equals("json")) {
                out.write(FindingWriter.json(f) + "\n");
            } else {
                FindingWriter.text(f, out);
            }
        }
        out.flush();
        long errors = findings.stream().filter(f -> f.severity().compareTo(Severity.ERROR) >= 0).count();
        err.println("lint: " + loaded.policies().size() + " policies, " + findings.size() + " findings, " + errors
                + " errors" + (loaded.rejected().isEmpty() ? "" : ", " + loaded.rejected().size() + " objects rejected"));
        err.flush();
        return errors > 0 || !loaded.rejected().isEmpty() ? 1 : 0;
    }
}
