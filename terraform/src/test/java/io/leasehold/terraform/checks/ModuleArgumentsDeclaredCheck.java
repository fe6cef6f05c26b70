package io.leasehold.terraform.checks;

import io.leasehold.terraform.Finding;
import io.leasehold.terraform.hcl.Attribute;
import io.leasehold.terraform.hcl.ModuleCall;
import io.leasehold.terraform.hcl.TerraformDirectory;
import io.leasehold.terraform.hcl.TerraformTree;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Each argument a {@code module} block passes (other than meta-arguments such as {@code source} and
 * {@code providers}) is a variable the called module declares; a local source must exist.
 * Registry and remote sources are not in the tree and are not checked.
 */
public final class ModuleArgumentsDeclaredCheck implements TreeCheck {

    @Override
    public List<Finding> run(TerraformTree tree) {
        List<Finding> findings = new ArrayList<>();
        for (TerraformDirectory dir : tree.directories()) {
            for (ModuleCall call : dir.moduleCalls()) {
                if (call.source().isEmpty()) {
                    findings.add(new Finding(call.file().path(), call.line(),
                            "module \"" + call.name() + "\" has no literal source"));
                    continue;
                }
                if (!call.hasLocalSource()) {
                    continue;
                }
                String source = call.source().get();
                Optional<TerraformDirectory> child = tree.resolve(dir, source);
                if (child.isEmpty()) {
                    findings.add(new Finding(call.file().path(), call.line(), "module \"" + call.name()
                            + "\" source \"" + source + "\" is not a directory with Terraform files"));
                    continue;
                }
                for (Attribute input : call.inputs()) {
                    if (!child.get().variables().containsKey(input.name())) {
                        findings.add(new Finding(call.file().path(), input.line(), "module \"" + call.name() + "\" passes \""
                                + input.name() + "\", but " + child.get().name() + " declares no such variable"));
                    }
                }
            }
        }
        return findings;
    }
}
