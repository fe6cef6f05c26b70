package io.leasehold.sim;

/**
 * What a system spent to take its decisions.
 *
 * @param controlMessages messages its components exchanged (syncs, grants, store calls), requests
 *     and responses counted separately
 * @param storeOperations operations on a quota store (Redis commands or scripts)
 */
public record SystemStats(long controlMessages, long storeOperations) {
  public static final SystemStats NONE = new SystemStats(0, 0);
}
