package io.leasehold.terraform.hcl;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One Terraform module: a directory of {@code .tf} files (plus any {@code .tfvars} files) that
 * Terraform reads as a unit. Declarations are merged across its files, as Terraform merges them.
 *
 * @param path     the directory on disk
 * @param name     the directory relative to the tree root, with '/' separators (e.g. {@code modules/region})
 * @param files    its configuration and variable files, in name order
 */
public record TerraformDirectory(Path path, String name, List<HclFile> files) {

    /** Whether this is a reusable child module (under a {@code modules/} directory) rather than a root. */
    public boolean isChildModule() {
        return name.equals("modules") || name.startsWith("modules/") || name.contains("/modules/");
    }

    public List<HclFile> configurationFiles() {
        return files.stream().filter(f -> !f.isVariablesFile()).toList();
    }

    public List<HclFile> variablesFiles() {
        return files.stream().filter(HclFile::isVariablesFile).toList();
    }

    /** Variables declared in this directory by name, as hcl4j parsed them. */
    public Map<String, Declaration> variables() {
        return declarations("variable");
    }

    /** Outputs declared in this directory by name, as hcl4j parsed them. */
    public Map<String, Declaration> outputs() {
        return declarations("output");
    }

    public List<ModuleCall> moduleCalls() {
        return configurationFiles().stream()
                .flatMap(f -> f.blocks("module").stream().map(b -> new ModuleCall(b.label(0), f, b)))
                .toList();
    }

    /** Every hcl4j-parsed {@code resource} of the given type, keyed by resource name. */
    public Map<String, Declaration> resources(String type) {
        Map<String, Declaration> found = new LinkedHashMap<>();
        for (HclFile file : configurationFiles()) {
            file.parsed().map(p -> p.get("resource")).filter(Map.class::isInstance).map(Map.class::cast)
                    .map(byType -> byType.get(type)).filter(Map.class::isInstance).map(m -> (Map<?, ?>) m)
                    .ifPresent(byName -> byName.forEach((name, attributes) -> found.put((String) name,
                            new Declaration((String) name, file, file.lineOf("resource", type, (String) name),
                                    asMap(attributes)))));
        }
        return found;
    }

    private Map<String, Declaration> declarations(String kind) {
        Map<String, Declaration> found = new LinkedHashMap<>();
        for (HclFile file : configurationFiles()) {
            Object section = file.parsed().map(p -> p.get(kind)).orElse(null);
            if (section instanceof Map<?, ?> byName) {
                byName.forEach((name, attributes) -> found.put((String) name,
                        new Declaration((String) name, file, file.lineOf(kind, (String) name), asMap(attributes))));
            }
        }
        return found;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
