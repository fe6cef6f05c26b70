package io.leasehold.terraform.checks;

import io.leasehold.terraform.Finding;
import io.leasehold.terraform.hcl.Declaration;
import io.leasehold.terraform.hcl.TerraformDirectory;
import io.leasehold.terraform.hcl.TerraformTree;
import java.util.ArrayList;
import java.util.List;

/** Every {@code output} has a non-empty {@code description} and a {@code value}. */
public final class OutputsDescribedCheck implements TreeCheck {

    @Override
    public List<Finding> run(TerraformTree tree) {
        List<Finding> findings = new ArrayList<>();
        for (TerraformDirectory dir : tree.directories()) {
            for (Declaration output : dir.outputs().values()) {
                if (output.nonBlankString("description") == null) {
                    findings.add(new Finding(output.file().path(), output.line(),
                            "output \"" + output.name() + "\" has no description"));
                }
                if (!output.has("value")) {
                    findings.add(new Finding(output.file().path(), output.line(),
                            "output \"" + output.name() + "\" has no value"));
                }
            }
        }
        return findings;
    }
}
