package io.leasehold.terraform.checks;

import io.leasehold.terraform.Finding;
import io.leasehold.terraform.hcl.TerraformTree;
import java.util.List;

/** One validation rule over a whole Terraform tree. */
@FunctionalInterface
public interface TreeCheck {

    /** Every violation in the tree, in a stable order; empty when the rule holds. */
    List<Finding> run(TerraformTree tree);
}
