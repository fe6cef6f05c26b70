package io.leasehold.terraform.checks;

import io.leasehold.terraform.Finding;
import io.leasehold.terraform.hcl.Block;
import io.leasehold.terraform.hcl.HclFile;
import io.leasehold.terraform.hcl.TerraformDirectory;
import io.leasehold.terraform.hcl.TerraformTree;
import java.util.ArrayList;
import java.util.List;

/**
 * Child modules receive providers from their caller ({@code providers = { aws = aws.x }}); a
 * provider block inside one pins the module to a region and breaks {@code count}/{@code for_each}.
 */
public final class NoProviderBlocksInModulesCheck implements TreeCheck {

    @Override
    public List<Finding> run(TerraformTree tree) {
        List<Finding> findings = new ArrayList<>();
        for (TerraformDirectory dir : tree.directories()) {
            if (!dir.isChildModule()) {
                continue;
            }
            for (HclFile file : dir.configurationFiles()) {
                boolean hcl4jSeesProvider = file.parsed().map(p -> p.containsKey("provider")).orElse(false);
                List<Block> blocks = file.blocks("provider");
                for (Block block : blocks) {
                    findings.add(new Finding(file.path(), block.line(), block.address()
                            + " in child module " + dir.name() + ": configure providers in the root module and pass them with providers = { ... }"));
                }
                if (hcl4jSeesProvider && blocks.isEmpty()) {
                    findings.add(new Finding(file.path(), 0, "a provider block in child module " + dir.name()
                            + ": configure providers in the root module and pass them with providers = { ... }"));
                }
            }
        }
        return findings;
    }
}
