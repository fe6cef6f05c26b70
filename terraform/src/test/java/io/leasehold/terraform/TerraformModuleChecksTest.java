package io.leasehold.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import io.leasehold.terraform.hcl.TerraformDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The Terraform validation that replaces {@code terraform validate} in CI: every check passes on
 * the real modules, and fails, with exactly the expected findings, on its deliberately broken fixture.
 */
class TerraformModuleChecksTest {

    private static final Path MODULE_DIR = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
    private static final Path BROKEN_FIXTURES = MODULE_DIR.resolve("src/test/resources/broken");
    private static final String EXPECTED_FINDINGS = "expected-findings.txt";

    // Loading parses every file with hcl4j; share one load across the parameterized cases.
    private static final TerraformModuleChecks REAL = TerraformModuleChecks.load(MODULE_DIR);

    @ParameterizedTest
    @EnumSource(Check.class)
    void passesOnTheRealModules(Check check) {
        List<Finding> findings = REAL.run(check);

        assertThat(findings)
                .as("%s (%s) on %s:%n%s", check, check.description(), MODULE_DIR, TerraformModuleChecks.describe(findings))
                .isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Check.class)
    void failsWithPreciseFindingsOnItsBrokenFixture(Check check) throws IOException {
        Path fixture = BROKEN_FIXTURES.resolve(check.fixtureName());
        List<String> expected = Files.readAllLines(fixture.resolve(EXPECTED_FINDINGS)).stream()
                .filter(line -> !line.isBlank() && !line.startsWith("#")).toList();

        List<String> findings = TerraformModuleChecks.load(fixture).run(check).stream().map(Finding::toString).toList();

        assertThat(expected).as("%s lists no expected finding", fixture.resolve(EXPECTED_FINDINGS)).isNotEmpty();
        assertThat(findings).as("findings of %s on %s", check, fixture).containsExactlyElementsOf(expected);
    }

    @Test
    void everyBrokenFixtureBelongsToACheck() throws IOException {
        List<String> checkFixtures = Arrays.stream(Check.values()).map(Check::fixtureName).toList();
        try (Stream<Path> fixtures = Files.list(BROKEN_FIXTURES)) {
            assertThat(fixtures.map(p -> p.getFileName().toString()).sorted())
                    .containsExactlyInAnyOrderElementsOf(checkFixtures);
        }
    }

    /** Without this, checks passing on the real tree could mean they saw nothing. */
    @Test
    void theRealTreeHoldsWhatTheChecksAreMeantToCover() {
        assertThat(REAL.tree().directories()).extracting(TerraformDirectory::name)
                .containsExactly("examples/three-regions", "modules/global", "modules/region");

        TerraformDirectory region = directory("modules/region");
        assertThat(region.resources("aws_elasticache_replication_group")).containsOnlyKeys("redis");
        assertThat(region.variables()).containsKeys("leasehold_image", "sync_token", "coordinator_url");
        assertThat(region.outputs()).containsKeys("aggregator_url", "edge_sidecar_container_definition");

        TerraformDirectory global = directory("modules/global");
        assertThat(global.outputs()).containsKeys("coordinator_url", "admin_api_url", "admin_token_secret_arn", "sync_token");

        TerraformDirectory example = directory("examples/three-regions");
        assertThat(example.moduleCalls()).extracting(c -> c.name() + " <- " + c.source().orElse("?")).containsExactly(
                "global <- ../../modules/global",
                "region_us_east_1 <- ../../modules/region",
                "region_eu_west_1 <- ../../modules/region",
                "region_ap_southeast_1 <- ../../modules/region");
        assertThat(example.moduleCalls()).allSatisfy(call ->
                assertThat(call.block().attributes()).extracting(a -> a.name()).contains("providers"));
        assertThat(example.variablesFiles()).hasSize(1);
    }

    private static TerraformDirectory directory(String name) {
        return REAL.tree().directories().stream().filter(d -> d.name().equals(name)).findFirst().orElseThrow();
    }
}
