package io.leasehold.terraform.checks;

import io.leasehold.terraform.Finding;
import io.leasehold.terraform.hcl.Declaration;
import io.leasehold.terraform.hcl.TerraformDirectory;
import io.leasehold.terraform.hcl.TerraformTree;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Regional Redis holds every quota's state and is reached with a shared AUTH token, so each
 * {@code aws_elasticache_replication_group} must encrypt at rest and in transit (TLS required),
 * require an AUTH token, fail over automatically across AZs and keep at least one replica; its
 * parameter groups must be of the redis7 family.
 */
public final class SecureRedisCheck implements TreeCheck {

    private static final List<String> MUST_BE_TRUE = List.of(
            "at_rest_encryption_enabled", "transit_encryption_enabled", "automatic_failover_enabled", "multi_az_enabled");
    private static final Set<String> ENGINES = Set.of("redis", "valkey");

    @Override
    public List<Finding> run(TerraformTree tree) {
        List<Finding> findings = new ArrayList<>();
        for (TerraformDirectory dir : tree.directories()) {
            for (Declaration group : dir.resources("aws_elasticache_replication_group").values()) {
                checkReplicationGroup(group, findings);
            }
            for (Declaration parameters : dir.resources("aws_elasticache_parameter_group").values()) {
                Object family = parameters.attributes().get("family");
                if (!(family instanceof String f) || !(f.startsWith("redis7") || f.startsWith("valkey"))) {
                    findings.add(finding(parameters, "aws_elasticache_parameter_group",
                            "family must be redis7 (" + shown(family) + ")"));
                }
            }
        }
        return findings;
    }

    private static void checkReplicationGroup(Declaration group, List<Finding> findings) {
        String type = "aws_elasticache_replication_group";
        for (String attribute : MUST_BE_TRUE) {
            Object value = group.attributes().get(attribute);
            if (!Boolean.TRUE.equals(value)) {
                findings.add(finding(group, type, attribute + " must be true (" + shown(value) + ")"));
            }
        }
        if (!group.has("auth_token")) {
            findings.add(finding(group, type, "auth_token is not set: clients must authenticate"));
        }
        Object mode = group.attributes().get("transit_encryption_mode");
        if (mode != null && !"required".equals(mode)) {
            findings.add(finding(group, type, "transit_encryption_mode must be \"required\" (" + shown(mode) + ")"));
        }
        Object engine = group.attributes().get("engine");
        if (!(engine instanceof String e) || !ENGINES.contains(e)) {
            findings.add(finding(group, type, "engine must be \"redis\" or \"valkey\" (" + shown(engine) + ")"));
        }
        if (group.attributes().get("num_cache_clusters") instanceof Number n && n.doubleValue() < 2) {
            findings.add(finding(group, type, "num_cache_clusters must be at least 2 for failover (found " + n.intValue() + ")"));
        }
        if (!group.has("parameter_group_name")) {
            findings.add(finding(group, type, "parameter_group_name is not set: use a redis7 parameter group"));
        }
    }

    private static Finding finding(Declaration resource, String type, String problem) {
        return new Finding(resource.file().path(), resource.line(), type + "." + resource.name() + ": " + problem);
    }

    private static String shown(Object value) {
        if (value == null) {
            return "it is not set";
        }
        return "found " + (value instanceof String s ? "\"" + s + "\"" : String.valueOf(value));
    }
}
