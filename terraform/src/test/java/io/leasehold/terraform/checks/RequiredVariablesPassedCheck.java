package io.leasehold.terraform.checks;

import io.leasehold.terraform.Finding;
import io.leasehold.terraform.hcl.Attribute;
import io.leasehold.terraform.hcl.Declaration;
import io.leasehold.terraform.hcl.ModuleCall;
import io.leasehold.terraform.hcl.TerraformDirectory;
import io.leasehold.terraform.hcl.TerraformTree;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Each {@code module} block passes every variable of the called module that has no default. */
public final class RequiredVariablesPassedCheck implements TreeCheck {

    @Override
    public List<Finding> run(TerraformTree tree) {
        List<Finding> findings = new ArrayList<>();
        for (TerraformDirectory dir : tree.directories()) {
            for (ModuleCall call : dir.moduleCalls()) {
                if (!call.hasLocalSource()) {
                    continue;
                }
                tree.resolve(dir, call.source().orElseThrow()).ifPresent(child -> {
                    Set<String> passed = call.inputs().stream().map(Attribute::name).collect(Collectors.toSet());
                    for (Declaration variable : child.variables().values()) {
                        if (!variable.has("default") && !passed.contains(variable.name())) {
                            findings.add(new Finding(call.file().path(), call.line(), "module \"" + call.name()
                                    + "\" does not pass \"" + variable.name() + "\", which " + child.name()
                                    + " requires (it has no default)"));
                        }
                    }
                });
            }
        }
        return findings;
    }
}
