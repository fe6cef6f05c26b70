package io.leasehold.terraform.hcl;

/** A structural error in HCL text: where it was detected (1-based) and what is wrong. */
public record SyntaxError(int line, int column, String message) {}
