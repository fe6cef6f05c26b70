package io.leasehold.terraform.checks;

import io.leasehold.terraform.Finding;
import io.leasehold.terraform.hcl.Block;
import io.leasehold.terraform.hcl.HclFile;
import io.leasehold.terraform.hcl.TerraformDirectory;
import io.leasehold.terraform.hcl.TerraformTree;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Each directory pins its versions in {@code versions.tf}: a {@code required_version} and, in
 * {@code required_providers}, {@code aws} plus every provider its resources and data sources use,
 * each with a {@code source} and a {@code version} constraint.
 */
public final class RequiredProvidersCheck implements TreeCheck {

    private static final String VERSIONS_FILE = "versions.tf";

    @Override
    public List<Finding> run(TerraformTree tree) {
        List<Finding> findings = new ArrayList<>();
        for (TerraformDirectory dir : tree.directories()) {
            Optional<HclFile> versions = dir.configurationFiles().stream()
                    .filter(f -> f.path().endsWith("/" + VERSIONS_FILE) || f.path().equals(VERSIONS_FILE)).findFirst();
            String where = dir.name().isEmpty() ? VERSIONS_FILE : dir.name() + "/" + VERSIONS_FILE;
            if (versions.isEmpty()) {
                findings.add(new Finding(where, 0, "missing: every module pins its Terraform and provider versions in " + VERSIONS_FILE));
                continue;
            }
            HclFile file = versions.get();
            Map<String, Object> terraform = map(file.parsed().map(p -> p.get("terraform")).orElse(null));
            int line = Math.max(1, file.lineOf("terraform"));
            if (terraform == null) {
                findings.add(new Finding(file.path(), 1, "no terraform { } block"));
                continue;
            }
            if (!(terraform.get("required_version") instanceof String v) || v.isBlank()) {
                findings.add(new Finding(file.path(), line, "terraform block sets no required_version"));
            }
            Map<String, Object> providers = map(terraform.get("required_providers"));
            if (providers == null) {
                findings.add(new Finding(file.path(), line, "terraform block has no required_providers"));
                continue;
            }
            checkProviders(dir, file, line, providers, findings);
        }
        return findings;
    }

    private static void checkProviders(TerraformDirectory dir, HclFile file, int line, Map<String, Object> providers,
            List<Finding> findings) {
        if (!providers.containsKey("aws")) {
            findings.add(new Finding(file.path(), line, "required_providers does not pin aws"));
        }
        providers.forEach((name, value) -> {
            Map<String, Object> spec = map(value);
            if (spec == null || !(spec.get("source") instanceof String)) {
                findings.add(new Finding(file.path(), line, "required_providers." + name + " has no source"));
            }
            if (spec == null || !(spec.get("version") instanceof String v) || v.isBlank()) {
                findings.add(new Finding(file.path(), line, "required_providers." + name + " has no version constraint"));
            }
        });
        for (HclFile config : dir.configurationFiles()) {
            for (Block block : config.blocks()) {
                if (block.type().equals("resource") || block.type().equals("data")) {
                    String provider = providerOf(block.label(0));
                    if (!provider.equals("terraform") && !providers.containsKey(provider)) {
                        findings.add(new Finding(config.path(), block.line(), block.address() + " uses provider \""
                                + provider + "\", which " + file.path() + " does not list in required_providers"));
                    }
                }
            }
        }
    }

    /** Terraform's implied provider: the resource type up to its first underscore. */
    private static String providerOf(String resourceType) {
        int underscore = resourceType.indexOf('_');
        return underscore < 0 ? resourceType : resourceType.substring(0, underscore);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
    }
}
