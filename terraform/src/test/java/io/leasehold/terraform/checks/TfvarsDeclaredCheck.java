package io.leasehold.terraform.checks;

import io.leasehold.terraform.Finding;
import io.leasehold.terraform.hcl.Attribute;
import io.leasehold.terraform.hcl.HclFile;
import io.leasehold.terraform.hcl.TerraformDirectory;
import io.leasehold.terraform.hcl.TerraformTree;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every assignment in a {@code .tfvars} (or {@code .tfvars.example}) file sets a variable its
 * directory declares; Terraform only warns about the others, so a typo silently keeps a default.
 */
public final class TfvarsDeclaredCheck implements TreeCheck {

    @Override
    public List<Finding> run(TerraformTree tree) {
        List<Finding> findings = new ArrayList<>();
        for (TerraformDirectory dir : tree.directories()) {
            Set<String> declared = dir.variables().keySet();
            for (HclFile file : dir.variablesFiles()) {
                Set<String> assigned = file.parsed().map(Map::keySet).orElse(Set.of());
                for (Attribute assignment : file.topLevelAttributes()) {
                    if (assigned.contains(assignment.name()) && !declared.contains(assignment.name())) {
                        findings.add(new Finding(file.path(), assignment.line(), "assigns \"" + assignment.name()
                                + "\", but " + VariableReferencesDeclaredCheck.where(dir) + " declares no such variable"));
                    }
                }
            }
        }
        return findings;
    }
}
