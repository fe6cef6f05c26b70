package io.leasehold.terraform.hcl;

import com.bertramlabs.plugins.hcl4j.HCLParser;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Map;

/** The one place that calls hcl4j, so that its quirks are handled once. */
final class Hcl4j {

    private Hcl4j() {
    }

    /** Parses a configuration file ({@code .tf}); throws whatever hcl4j throws. */
    static Map<String, Object> parseConfiguration(String text) throws Exception {
        return quietly(() -> new HCLParser().parse(text, false));
    }

    /** Parses a variable definitions file ({@code .tfvars}). */
    static Map<String, Object> parseVariables(String text) throws Exception {
        return quietly(() -> new HCLParser().parseVars(text, false));
    }

    /** The innermost message: hcl4j wraps its HCLParserException in RuntimeExceptions. */
    static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    private interface ParseCall {
        Map<String, Object> call() throws Exception;
    }

    // hcl4j 0.9.8 prints evaluation traces ("Evaluating Tuple: s") to System.out; keep test output clean.
    private static synchronized Map<String, Object> quietly(ParseCall parse) throws Exception {
        PrintStream original = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        try {
            return parse.call();
        } finally {
            System.setOut(original);
        }
    }
}
