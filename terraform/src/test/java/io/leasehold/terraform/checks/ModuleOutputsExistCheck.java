package io.leasehold.terraform.checks;

import io.leasehold.terraform.Finding;
import io.leasehold.terraform.hcl.HclFile;
import io.leasehold.terraform.hcl.ModuleCall;
import io.leasehold.terraform.hcl.TerraformDirectory;
import io.leasehold.terraform.hcl.TerraformTree;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every {@code module.M.O} (also {@code module.M[k].O}) names a module block of the same directory
 * and an output that module declares.
 */
public final class ModuleOutputsExistCheck implements TreeCheck {

    @Override
    public List<Finding> run(TerraformTree tree) {
        List<Finding> findings = new ArrayList<>();
        for (TerraformDirectory dir : tree.directories()) {
            Map<String, ModuleCall> calls = dir.moduleCalls().stream()
                    .collect(Collectors.toMap(ModuleCall::name, Function.identity(), (a, b) -> a));
            for (HclFile file : dir.configurationFiles()) {
                for (References.ModuleOutputReference ref : References.moduleOutputs(file)) {
                    ModuleCall call = calls.get(ref.module());
                    if (call == null) {
                        findings.add(new Finding(file.path(), ref.line(), ref.text() + " refers to module \""
                                + ref.module() + "\", which " + VariableReferencesDeclaredCheck.where(dir) + " does not call"));
                        continue;
                    }
                    Optional<TerraformDirectory> child = call.hasLocalSource()
                            ? tree.resolve(dir, call.source().orElseThrow()) : Optional.empty();
                    if (child.isPresent() && !child.get().outputs().containsKey(ref.output())) {
                        findings.add(new Finding(file.path(), ref.line(), ref.text() + " refers to output \""
                                + ref.output() + "\", which " + child.get().name() + " does not declare"));
                    }
                }
            }
        }
        return findings;
    }
}
