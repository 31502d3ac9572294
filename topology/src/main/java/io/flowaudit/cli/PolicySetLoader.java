package io.flowaudit.cli;

import io.flowaudit.policy.CiliumVersion;
import io.flowaudit.policy.parse.ParseProblem;
import io.flowaudit.policy.parse.PolicyLoader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/** Loads policy paths for a command and reports rejected objects and warnings on stderr. */
final class PolicySetLoader {
    private PolicySetLoader() {
    }

    static PolicyLoader.LoadResult load(List<Path> paths, CiliumVersion version, PrintWriter err, boolean quiet) {
        PolicyLoader.LoadResult r = new PolicyLoader(version).load(paths);
        for (ParseProblem p : r.problems()) {
            if (p.isError() || !quiet) {
                err.println(p.format());
            }
        }
        for (String u : r.unreadable()) {
            err.println("error: " + u);
        }
        List<String> rejected = r.rejected();
        err.println("policies: " + r.policies().size() + " loaded from " + r.fileCount() + " files"
                + (rejected.isEmpty() ? "" : ", " + rejected.size() + " rejected: " + String.join("; ", rejected)));
        err.flush();
        return r;
    }
}
