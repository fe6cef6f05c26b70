package io.leasehold.terraform.hcl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HclScannerTest {

    @Test
    void bracketsInsideStringsCommentsAndHeredocsDoNotCount() {
        String hcl = """
                # { [ (
                // } ] )
                /* { */
                locals {
                  a = "{ [ ( \\" } ] )"
                  b = <<-EOT
                    } ] ) {
                    EOT
                }
                """;

        assertThat(HclScanner.scan(hcl).error()).isEmpty();
    }

    @Test
    void interpolationsAreCodeAndMayNestStringsAndBrackets() {
        String hcl = "x = \"${join(\",\", [for s in [\"a}\"] : s])}-${var.b}\"\n";

        ScannedSource scanned = HclScanner.scan(hcl);

        assertThat(scanned.error()).isEmpty();
        assertThat(scanned.code()).contains("${join(\" \", [for s in [\"  \"] : s])}").contains("${var.b}");
    }

    @Test
    void escapedInterpolationsAndTemplateDirectivesAreHandled() {
        assertThat(HclScanner.scan("x = \"$${literal\"\n").error()).isEmpty();
        assertThat(HclScanner.scan("x = \"%{ if var.on }on%{ endif }\"\n").error()).isEmpty();
        assertThat(HclScanner.scan("x = \"%%{literal\"\n").error()).isEmpty();
    }

    @Test
    void maskingBlanksLiteralTextButKeepsOffsetsLinesAndInterpolations() {
        String hcl = """
                description = "mentions var.text" # var.comment
                script = <<EOT
                echo var.heredoc ${var.real}
                EOT
                """;

        String code = HclScanner.scan(hcl).code();

        assertThat(code).hasSameSizeAs(hcl);
        assertThat(code.lines().count()).isEqualTo(hcl.lines().count());
        assertThat(code).doesNotContain("var.text", "var.comment", "var.heredoc", "EOT").contains("${var.real}");
        assertThat(code).startsWith("description = \"" + " ".repeat("mentions var.text".length()) + "\"");
    }

    @Test
    void heredocClosingMarkerMayBeIndentedAndMustStandAlone() {
        assertThat(HclScanner.scan("x = <<EOT\n  text EOT\n  EOT\n").error()).isEmpty();
        assertThat(HclScanner.scan("x = <<EOT\n  text EOT\n").error()).get()
                .extracting(SyntaxError::message)
                .isEqualTo("heredoc <<EOT opened at line 1 is never closed (no line consisting of EOT)");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            stray closer            | a = 1\\n}\\n            | 2 | 1  | '}' closes nothing: no bracket is open here
            wrong closer            | a = [1, 2 }\\n          | 1 | 11 | '}' does not close '[' opened at line 1, column 5
            unclosed brace          | b {\\n  a = 1\\n        | 1 | 3  | '{' opened at line 1, column 3 is never closed
            unclosed paren          | a = max(1, 2\\n         | 1 | 8  | '(' opened at line 1, column 8 is never closed
            string across lines     | a = "x\\n"\\n           | 1 | 5  | string opened at line 1, column 5 is not closed before the end of its line
            string at end of file   | a = "x                  | 1 | 5  | string opened at line 1, column 5 is never closed
            open interpolation      | a = <<EOT\\n${x\\nEOT\\n | 2 | 1  | interpolation '${' opened at line 2, column 1 is never closed
            block comment           | a = 1 /* x\\n           | 1 | 7  | block comment opened at line 1, column 7 is never closed (no '*/')
            """)
    void reportsTheFirstStructuralErrorWithItsPosition(String name, String escapedHcl, int line, int column, String message) {
        ScannedSource scanned = HclScanner.scan(escapedHcl.replace("\\n", "\n"));

        assertThat(scanned.error()).contains(new SyntaxError(line, column, message));
    }
}
