package io.leasehold.terraform;

import io.leasehold.terraform.hcl.TerraformTree;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Runs the {@link Check}s over one Terraform tree, which is loaded and parsed only once. */
public final class TerraformModuleChecks {

    private final TerraformTree tree;

    private TerraformModuleChecks(TerraformTree tree) {
        this.tree = tree;
    }

    /** Loads every Terraform directory below {@code root} (skipping {@code src/}, {@code target/}, dot-directories). */
    public static TerraformModuleChecks load(Path root) {
        return new TerraformModuleChecks(TerraformTree.load(root));
    }

    public TerraformTree tree() {
        return tree;
    }

    public List<Finding> run(Check check) {
        return check.run(tree);
    }

    public Map<Check, List<Finding>> runAll() {
        Map<Check, List<Finding>> all = new EnumMap<>(Check.class);
        for (Check check : Check.values()) {
            all.put(check, run(check));
        }
        return all;
    }

    /** A readable multi-line report of findings, one per line, for assertion messages. */
    public static String describe(List<Finding> findings) {
        return findings.stream().map(f -> "  " + f).collect(Collectors.joining("\n"));
    }
}
