package io.leasehold.terraform.checks;

import io.leasehold.terraform.Finding;
import io.leasehold.terraform.hcl.HclFile;
import io.leasehold.terraform.hcl.TerraformDirectory;
import io.leasehold.terraform.hcl.TerraformTree;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Every {@code var.X} refers to a variable declared in the same directory. */
public final class VariableReferencesDeclaredCheck implements TreeCheck {

    @Override
    public List<Finding> run(TerraformTree tree) {
        List<Finding> findings = new ArrayList<>();
        for (TerraformDirectory dir : tree.directories()) {
            Set<String> declared = dir.variables().keySet();
            for (HclFile file : dir.configurationFiles()) {
                for (References.VariableReference ref : References.variables(file)) {
                    if (!declared.contains(ref.name())) {
                        findings.add(new Finding(file.path(), ref.line(), "var." + ref.name()
                                + " is not declared: " + where(dir) + " has no variable \"" + ref.name() + "\""));
                    }
                }
            }
        }
        return findings;
    }

    static String where(TerraformDirectory dir) {
        return dir.name().isEmpty() ? "the root directory" : dir.name();
    }
}
