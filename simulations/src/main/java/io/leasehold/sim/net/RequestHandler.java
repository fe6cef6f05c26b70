package io.leasehold.sim.net;

/**
 * Serves requests sent with {@link Network#call}. Reply with {@link Network#reply} using
 * {@code replyToken}, now or later (a server that first consults its store replies later); never
 * replying makes the caller time out.
 */
@FunctionalInterface
public interface RequestHandler {
  void onRequest(NodeAddress from, Object request, long replyToken);
}
