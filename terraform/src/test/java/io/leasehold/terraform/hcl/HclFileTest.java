package io.leasehold.terraform.hcl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import org.junit.jupiter.api.Test;

class HclFileTest {

    private static final String MAIN_TF = """
            # module "commented" {
            module "region" {
              source    = "../../modules/region" # trailing comment
              providers = { aws = aws.euw1 }
              name      = "x"
              tags = {
                nested = "not an argument of the module"
              }
            }

            resource "aws_s3_bucket" "logs" {
              description = "a { brace in a string"
              bucket      = "logs"
            }
            """;

    @Test
    void findsTopLevelBlocksWithLabelsLinesAndDirectArguments() {
        HclFile file = HclFile.of("main.tf", MAIN_TF);

        assertThat(file.blocks()).extracting(Block::address, Block::line)
                .containsExactly(tuple("module \"region\"", 2),
                        tuple("resource \"aws_s3_bucket\" \"logs\"", 11));
        assertThat(file.blocks("module").get(0).attributes()).extracting(Attribute::name, Attribute::line)
                .containsExactly(tuple("source", 3),
                        tuple("providers", 4),
                        tuple("name", 5),
                        tuple("tags", 6));
        assertThat(file.lineOf("resource", "aws_s3_bucket", "logs")).isEqualTo(11);
        assertThat(file.lineOf("resource", "aws_s3_bucket", "other")).isZero();
    }

    @Test
    void readsALiteralSourceEvenWithATrailingComment() {
        HclFile file = HclFile.of("main.tf", MAIN_TF);
        ModuleCall call = new ModuleCall("region", file, file.blocks("module").get(0));

        assertThat(call.source()).contains("../../modules/region");
        assertThat(call.hasLocalSource()).isTrue();
        assertThat(call.inputs()).extracting(Attribute::name).containsExactly("name", "tags");
    }

    @Test
    void keepsHcl4jsEvaluatedViewNextToTheRawOne() {
        HclFile file = HclFile.of("main.tf", MAIN_TF);

        assertThat(file.parseError()).isEmpty();
        assertThat(file.parsed()).get().extracting(p -> p.get("module")).asString().contains("../../modules/region");
    }

    @Test
    void mapsOffsetsToLines() {
        HclFile file = HclFile.of("x.tf", "a\nbc\n\nd");

        assertThat(file.lineAt(0)).isEqualTo(1);
        assertThat(file.lineAt(1)).isEqualTo(1);
        assertThat(file.lineAt(2)).isEqualTo(2);
        assertThat(file.lineAt(5)).isEqualTo(3);
        assertThat(file.lineAt(6)).isEqualTo(4);
    }
}
