package io.leasehold.terraform.hcl;

import java.util.Optional;

/**
 * The result of {@link HclScanner#scan(String)}.
 *
 * @param code  the text with comments, string literal characters and heredoc bodies replaced by
 *              spaces (newlines kept), so that offsets and line numbers match the original while
 *              regular expressions only ever see real expressions, including those inside {@code ${...}}
 * @param error the first structural error, if any; scanning stops there and the rest is copied as is
 */
public record ScannedSource(String code, Optional<SyntaxError> error) {}
