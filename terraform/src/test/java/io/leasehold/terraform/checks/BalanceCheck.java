package io.leasehold.terraform.checks;

import io.leasehold.terraform.Finding;
import io.leasehold.terraform.hcl.HclFile;
import io.leasehold.terraform.hcl.TerraformDirectory;
import io.leasehold.terraform.hcl.TerraformTree;
import java.util.ArrayList;
import java.util.List;

/** hcl4j silently accepts unbalanced input, so structure is checked by {@code HclScanner} first. */
public final class BalanceCheck implements TreeCheck {

    @Override
    public List<Finding> run(TerraformTree tree) {
        List<Finding> findings = new ArrayList<>();
        for (TerraformDirectory dir : tree.directories()) {
            for (HclFile file : dir.files()) {
                file.scanned().error().ifPresent(e -> findings.add(new Finding(file.path(), e.line(), e.message())));
            }
        }
        return findings;
    }
}
