package io.leasehold.terraform.checks;

import io.leasehold.terraform.Finding;
import io.leasehold.terraform.hcl.HclFile;
import io.leasehold.terraform.hcl.TerraformDirectory;
import io.leasehold.terraform.hcl.TerraformTree;
import java.util.ArrayList;
import java.util.List;

/**
 * Every file must parse with hcl4j: the structural checks read hcl4j's view, and a file it cannot
 * parse would otherwise be skipped by them without notice.
 */
public final class Hcl4jParseCheck implements TreeCheck {

    @Override
    public List<Finding> run(TerraformTree tree) {
        List<Finding> findings = new ArrayList<>();
        for (TerraformDirectory dir : tree.directories()) {
            for (HclFile file : dir.files()) {
                file.parseError().ifPresent(error -> findings.add(
                        new Finding(file.path(), file.parseErrorLine(), "hcl4j cannot parse this file: " + error)));
            }
        }
        return findings;
    }
}
