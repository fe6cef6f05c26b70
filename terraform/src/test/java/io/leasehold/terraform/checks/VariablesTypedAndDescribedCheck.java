package io.leasehold.terraform.checks;

import io.leasehold.terraform.Finding;
import io.leasehold.terraform.hcl.Declaration;
import io.leasehold.terraform.hcl.TerraformDirectory;
import io.leasehold.terraform.hcl.TerraformTree;
import java.util.ArrayList;
import java.util.List;

/** Every {@code variable} states its {@code type} and has a non-empty {@code description}. */
public final class VariablesTypedAndDescribedCheck implements TreeCheck {

    @Override
    public List<Finding> run(TerraformTree tree) {
        List<Finding> findings = new ArrayList<>();
        for (TerraformDirectory dir : tree.directories()) {
            for (Declaration variable : dir.variables().values()) {
                if (!variable.has("type")) {
                    findings.add(new Finding(variable.file().path(), variable.line(),
                            "variable \"" + variable.name() + "\" has no type"));
                }
                if (variable.nonBlankString("description") == null) {
                    findings.add(new Finding(variable.file().path(), variable.line(),
                            "variable \"" + variable.name() + "\" has no description"));
                }
            }
        }
        return findings;
    }
}
